package gtach.provisioning.runtime;

import gtach.provisioning.console.OwnerOnly;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs Felix on a home until the framework stops.
 * <p>
 * The first boot installs the embedded bundle set; every later boot trusts the framework's own
 * persistent state, so whatever was installed, updated or removed while running stays so.
 * Start levels order the boot: level {@value #PROVISIONING_LEVEL} holds the framework services
 * and the provisioning bundles, level {@value #APPLICATION_LEVEL} (the default for bundles
 * installed later) the application. The launcher raises the level only once the update service has
 * finished whatever a crash interrupted, so the application never starts on a mix of two generations.
 * It raises it to {@value #HIGHEST_LEVEL}, so that an application bundle given a higher level than
 * the default (up to that one) starts too, after those below it.
 */
final class GtachRuntime {

    static final int PROVISIONING_LEVEL = 1;
    static final int APPLICATION_LEVEL = 2;
    /** The framework's level once the application runs: the highest an application bundle may have, as in Karaf. */
    static final int HIGHEST_LEVEL = 100;

    /** Written into the framework storage once the initial set is installed. */
    static final String INITIALIZED_MARKER = "gtach.initialized";

    private static final long STOP_TIMEOUT_MS = 30_000;
    private static final long START_LEVEL_TIMEOUT_S = 120;

    private final GtachHome home;
    private final CommandGroup group;
    private final boolean interactive;
    private final long launched;

    /**
     * @param group the operators' group that may use the command channel too, or null for owner only
     * @param launched {@link System#nanoTime()} when the launcher's main method began
     */
    GtachRuntime(GtachHome home, CommandGroup group, boolean interactive, long launched) {
        this.home = home;
        this.group = group;
        this.interactive = interactive;
        this.launched = launched;
    }

    /** Starts the runtime and blocks until the framework stops; answers the process exit status. */
    int run() throws Exception {
        try (HomeLock lock = HomeLock.acquire(home, group)) {
            Framework framework = newFramework();
            if (interactive) {
                Thread.currentThread().setContextClassLoader(new TerminalClassLoader(
                        GtachRuntime.class.getClassLoader(), framework::getBundleContext));
            }
            Thread stopper = new Thread(() -> stop(framework), "gtach-shutdown");
            Runtime.getRuntime().addShutdownHook(stopper);
            try {
                framework.init();
                if (!Files.exists(marker())) {
                    installInitialSet(framework);
                } else {
                    BaseSet.Changes changes = BaseSet.reconcile(framework.getBundleContext(), home.framework(), PROVISIONING_LEVEL);
                    if (changes.any()) {
                        System.out.println("GTach runtime bundles brought in line with " + EmbeddedBundles.origin() + ": " + changes + ".");
                    }
                }
                framework.start();
                if (ProvisioningHandOff.reconciled(framework.getBundleContext())) {
                    raiseTo(framework, HIGHEST_LEVEL);
                }
                System.out.println(readiness(framework));
            } catch (Exception | Error e) {
                // Felix threads would keep the JVM alive: a failed start must stop the framework.
                stop(framework);
                throw e;
            }
            FrameworkEvent stopped = framework.waitForStop(0);
            return stopped.getType() == FrameworkEvent.ERROR ? 1 : 0;
        }
    }

    private Framework newFramework() {
        Map<String, String> config = new HashMap<>();
        config.put("org.osgi.framework.storage", home.framework().toString());
        config.put("org.osgi.framework.startlevel.beginning", Integer.toString(PROVISIONING_LEVEL));
        // Felix does not persist the initial bundle start level: bundles installed after a restart
        // must land at the application level too, not at the provisioning level.
        config.put("felix.startlevel.bundle", Integer.toString(APPLICATION_LEVEL));
        config.put("felix.log.level", "1");
        // The Log Service's root level until the log bundle applies its own: INFO, so that the
        // first boot messages reach the log file rather than being dropped below the default WARN.
        config.put("org.osgi.service.log.admin.loglevel", "INFO");
        config.put(GtachHome.PROPERTY, home.root().toString());
        if (group != null) {
            config.put(OwnerOnly.GROUP_PROPERTY, group.name());
        }
        // Gogo reads the terminal only when there is one; as a daemon it must leave stdin alone.
        config.put("gosh.args", interactive ? "" : "--nointeractive");
        if (interactive) {
            ShellProfile.console(home).ifPresent(goshHome -> config.put("gosh.home", goshHome.toString()));
        } else {
            config.put("gosh.home", ShellProfile.daemon(home).toString());
            // No terminal to find: say so, rather than have JLine warn about it in the log.
            System.setProperty("org.jline.terminal.dumb", "true");
        }
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new StartupException("Cannot start GTach: no OSGi framework in the launcher jar."));
        return factory.newFramework(withLogger(config, new FrameworkLog(System.err)));
    }

    /** Felix takes its logger as an object among its string properties. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, String> withLogger(Map<String, String> config, FrameworkLog logger) {
        ((Map) config).put("felix.log.logger", logger);
        return config;
    }

    private Path marker() {
        return home.framework().resolve(INITIALIZED_MARKER);
    }

    /**
     * Installs by stable location, which is idempotent: after a crash half-way through, the next
     * boot finds the bundles already there and brings in only what is missing.
     */
    private void installInitialSet(Framework framework) throws BundleException, IOException {
        BaseSet.installAll(framework.getBundleContext(), home.framework(), PROVISIONING_LEVEL);
        framework.adapt(FrameworkStartLevel.class).setInitialBundleStartLevel(APPLICATION_LEVEL);
        writeMarker();
    }

    private void writeMarker() throws IOException {
        Path marker = marker();
        Files.writeString(marker, "initial bundle set installed\n");
        try (FileChannel channel = FileChannel.open(marker, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static void raiseTo(Framework framework, int level) throws InterruptedException {
        FrameworkStartLevel startLevel = framework.adapt(FrameworkStartLevel.class);
        if (startLevel.getStartLevel() >= level) {
            return;
        }
        CountDownLatch reached = new CountDownLatch(1);
        startLevel.setStartLevel(level, event -> {
            if (event.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
                reached.countDown();
            }
        });
        if (!reached.await(START_LEVEL_TIMEOUT_S, TimeUnit.SECONDS)) {
            throw new StartupException("Cannot start GTach: start level " + level + " was not reached within "
                    + START_LEVEL_TIMEOUT_S + " s.");
        }
    }

    /**
     * The one line an operator (and the start-up benchmark) reads once the boot is over; timed from main().
     * A bundle meant to stay stopped (installed not started) is not worth naming there.
     */
    private String readiness(Framework framework) {
        long active = 0;
        StringBuilder inactive = new StringBuilder();
        for (Bundle bundle : framework.getBundleContext().getBundles()) {
            if (bundle.getState() == Bundle.ACTIVE) {
                active++;
            } else if (bundle.getHeaders("").get("Fragment-Host") == null && meantToRun(bundle)) {
                inactive.append(inactive.length() == 0 ? "" : ", ").append(bundle.getSymbolicName());
            }
        }
        return "GTach runtime ready on " + home + ": " + active + " bundles active in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched) + " ms"
                + (inactive.length() == 0 ? "." : "; not active: " + inactive + ".");
    }

    private static boolean meantToRun(Bundle bundle) {
        BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
        return bundle.getBundleId() == 0 || level == null || level.isPersistentlyStarted();
    }

    private static void stop(Framework framework) {
        try {
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
                framework.stop();
                framework.waitForStop(STOP_TIMEOUT_MS);
            }
        } catch (BundleException | InterruptedException | IllegalStateException e) {
            System.err.println("GTach did not stop cleanly: " + e.getMessage());
        }
    }
}
