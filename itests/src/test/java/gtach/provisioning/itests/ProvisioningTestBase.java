package gtach.provisioning.itests;

import gtach.provisioning.update.Generation;
import gtach.provisioning.update.ManagedBundle;
import gtach.provisioning.update.UpdateException;
import gtach.provisioning.update.UpdateRefusedException;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.update.UpdateService;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.After;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.util.tracker.ServiceTracker;

import javax.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

/**
 * A real Felix with SCR, Config Admin, Gogo and the provisioning bundles, as the build resolved
 * them (paths handed over by the pom). Bundles a test installs are removed after it.
 */
public abstract class ProvisioningTestBase {

    @Inject
    protected BundleContext context;

    private final List<Bundle> installed = new ArrayList<>();
    private final List<ServiceTracker<?, ?>> trackers = new ArrayList<>();

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>();
        for (String path : System.getProperty("itest.bundles").split(",")) {
            options.add(bundle("file:" + path.trim()));
        }
        options.add(systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("warn"));
        // A home of the test's own, so that nothing is written to the user's ~/.gtach
        options.add(CoreOptions.frameworkProperty("gtach.home").value(temporaryHome()));
        options.add(junitBundles());
        options.add(CoreOptions.cleanCaches());
        return options(options.toArray(new Option[0]));
    }

    private static String temporaryHome() {
        try {
            return java.nio.file.Files.createTempDirectory("gtach-itest-home").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Installs a bundle built by {@link TestBundles}, to be uninstalled after the test. */
    protected Bundle install(TestBundles bundle, String location) throws BundleException {
        Bundle b = context.installBundle(location, new ByteArrayInputStream(bundle.bytes()));
        installed.add(b);
        return b;
    }

    @After
    public void uninstallTestBundles() throws BundleException {
        for (Bundle b : installed) {
            if (b.getState() != Bundle.UNINSTALLED) {
                b.uninstall();
            }
        }
        installed.clear();
    }

    /**
     * Waits for a service, failing with a sentence naming it. The service stays in use until the
     * test ends: releasing it would deactivate a delayed DS component or dispose a service
     * factory's instance under the test's feet.
     */
    protected <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        trackers.add(tracker);
        T service = tracker.waitForService(TimeUnit.SECONDS.toMillis(10));
        if (service == null) {
            throw new AssertionError("No " + type.getName() + " service appeared within 10 s");
        }
        return service;
    }

    @After
    public void releaseServices() {
        trackers.forEach(ServiceTracker::close);
        trackers.clear();
    }

    protected static Map<String, String> versions(Generation generation) {
        return generation.bundles().stream().collect(Collectors.toMap(ManagedBundle::symbolicName, ManagedBundle::version));
    }

    /** Pax Exam shows only the innermost cause of an error, so the service's own sentence goes in the assertion. */
    protected static Generation apply(UpdateService updates, UpdateRequest request) {
        try {
            return updates.apply(request);
        } catch (UpdateException e) {
            throw new AssertionError(request + " failed: " + e.getMessage());
        }
    }

    /**
     * Uninstalls every package a request named, so that a scenario leaves no managed bundle for the next; a
     * package still needed by another is gone in a later pass, once that one is.
     *
     * @param allowedRestarts bundles the requests may restart though a refresh policy protects them
     */
    protected static void uninstallRequested(UpdateService updates, List<String> allowedRestarts) throws UpdateException {
        for (int pass = 0; pass < 5 && updates.current().bundles().stream().anyMatch(ManagedBundle::requested); pass++) {
            for (ManagedBundle root : updates.current().bundles()) {
                if (root.requested()) {
                    try {
                        updates.apply(UpdateRequest.uninstall(root.symbolicName()).allowingRestart(allowedRestarts));
                    } catch (UpdateRefusedException e) {
                        // still needed by another root
                    }
                }
            }
        }
    }

    protected static Generation rollBack(UpdateService updates, int generation) {
        try {
            return updates.rollback(generation);
        } catch (UpdateException e) {
            throw new AssertionError("rollback to " + generation + " failed: " + e.getMessage());
        }
    }

    /** Runs a command line as the console does; a failed command throws its one sentence. */
    protected String gogo(String line) throws Exception {
        CommandProcessor processor = service(CommandProcessor.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        try (CommandSession session = processor.createSession(InputStream.nullInputStream(), print, print)) {
            Object result = session.execute(line);
            return result == null ? out.toString(StandardCharsets.UTF_8) : String.valueOf(result);
        }
    }
}
