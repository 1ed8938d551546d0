package gtach.provisioning.benchmarks;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Felix 7.0.5 in this JVM with the runtime's real bundle set, laid out on a GTach home the way
 * {@code gtach.jar} lays it out: the base set at start level 1 under {@code gtach:<symbolic-name>},
 * later bundles at level 2, the framework cache in {@code <home>/framework} marked as initialized.
 * So {@code java -jar gtach.jar} can boot the same home once this framework is stopped.
 */
final class EmbeddedRuntime implements AutoCloseable {

    static final int PROVISIONING_LEVEL = 1;
    static final int APPLICATION_LEVEL = 2;

    private final Framework framework;

    private EmbeddedRuntime(Framework framework) {
        this.framework = framework;
    }

    /** Starts a framework on a new home with every bundle JAR of a directory, and waits for level 2. */
    static EmbeddedRuntime start(Path home, Path bundleDir) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("org.osgi.framework.storage", home.resolve("framework").toString());
        config.put("org.osgi.framework.startlevel.beginning", Integer.toString(PROVISIONING_LEVEL));
        config.put("felix.log.level", "1");
        config.put("gtach.home", home.toString());
        config.put("gosh.args", "--nointeractive");
        config.put("gosh.home", daemonShellProfile(home).toString());
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow();
        Framework framework = factory.newFramework(config);
        EmbeddedRuntime runtime = new EmbeddedRuntime(framework);
        try {
            framework.init();
            installBaseSet(framework.getBundleContext(), bundleDir);
            framework.adapt(FrameworkStartLevel.class).setInitialBundleStartLevel(APPLICATION_LEVEL);
            // what gtach.jar checks to know the base set is installed
            Files.writeString(home.resolve("framework").resolve("gtach.initialized"), "initial bundle set installed\n");
            framework.start();
            runtime.raiseTo(APPLICATION_LEVEL);
            return runtime;
        } catch (Exception | Error e) {
            runtime.close();
            throw e;
        }
    }

    private static void installBaseSet(BundleContext context, Path bundleDir) throws IOException, BundleException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(bundleDir)) {
            jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException("No bundles in " + bundleDir + "; build the runtime module first");
        }
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : jars) {
            Manifest manifest;
            try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
                manifest = in.getManifest();
            }
            String symbolicName = manifest.getMainAttributes().getValue("Bundle-SymbolicName").split(";")[0].trim();
            Bundle bundle;
            try (InputStream in = Files.newInputStream(jar)) {
                bundle = context.installBundle("gtach:" + symbolicName, in);
            }
            bundle.adapt(BundleStartLevel.class).setStartLevel(PROVISIONING_LEVEL);
            installed.add(bundle);
        }
        for (Bundle bundle : installed) {
            if (bundle.getHeaders("").get("Fragment-Host") == null) {
                bundle.start(Bundle.START_ACTIVATION_POLICY);
            }
        }
    }

    /** The Gogo profile the runtime writes when it has no terminal; the default one wants a line editor. */
    private static Path daemonShellProfile(Path home) throws IOException {
        Path goshHome = home.resolve("run").resolve("gosh");
        Files.createDirectories(goshHome.resolve("etc"));
        Files.writeString(goshHome.resolve("etc").resolve("gosh_profile"), "SCOPE = 'gtach:gogo:*'\n");
        return goshHome;
    }

    private void raiseTo(int level) throws InterruptedException {
        CountDownLatch reached = new CountDownLatch(1);
        framework.adapt(FrameworkStartLevel.class).setStartLevel(level, event -> {
            if (event.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
                reached.countDown();
            }
        });
        if (!reached.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Start level " + level + " not reached within 120 s");
        }
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    FrameworkWiring wiring() {
        return framework.adapt(FrameworkWiring.class);
    }

    /** The bundle installed at a location; fails when there is none. */
    Bundle bundle(String location) {
        Bundle bundle = context().getBundle(location);
        if (bundle == null) {
            throw new IllegalStateException("No bundle at " + location);
        }
        return bundle;
    }

    @Override
    public void close() throws Exception {
        if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
            framework.stop();
        }
        if (framework.waitForStop(60_000).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
            throw new IllegalStateException("The embedded framework did not stop within 60 s");
        }
    }
}
