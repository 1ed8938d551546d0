package gtach.provisioning.benchmarks;

import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The baseline runtimes: Felix with SCR and Gogo (and, for the second baseline, the same
 * infrastructure bundles as GTach but none of its own), started the way our launcher
 * starts (install on first boot, persistent cache afterwards), printing {@code ready} once every
 * bundle is active.
 * <p>
 * Arguments: the storage directory, then the bundle JARs.
 */
public final class BareFelix {

    private BareFelix() {
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow();
        Framework framework = factory.newFramework(Map.of(
                "org.osgi.framework.storage", args[0],
                "gosh.args", "--nointeractive"));
        framework.init();
        if (framework.getBundleContext().getBundles().length == 1) {
            List<Bundle> installed = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                installed.add(framework.getBundleContext().installBundle(Path.of(args[i]).toUri().toString()));
            }
            for (Bundle bundle : installed) {
                if (bundle.getHeaders("").get("Fragment-Host") == null) {
                    bundle.start();
                }
            }
        }
        framework.start();
        long active = 0;
        for (Bundle bundle : framework.getBundleContext().getBundles()) {
            active += bundle.getState() == Bundle.ACTIVE ? 1 : 0;
        }
        System.out.println("ready: " + active + " bundles active in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        framework.waitForStop(0);
        System.exit(0);
    }
}
