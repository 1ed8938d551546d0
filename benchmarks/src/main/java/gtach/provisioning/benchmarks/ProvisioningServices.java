package gtach.provisioning.benchmarks;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The update service and the package repository of an embedded runtime, called as a bundle would
 * call them: {@code apply(UpdateRequest.update(...))}, {@code plan(...)}, {@code rollback(PREVIOUS)},
 * {@code add(dir)}.
 * <p>
 * The API types are those of the running bundles, loaded through the bundle that registered each
 * service: copies on the benchmark's own class path would be other classes to the framework.
 */
final class ProvisioningServices implements AutoCloseable {

    private static final long SERVICE_TIMEOUT_MS = 60_000;
    /** {@code UpdateService.PREVIOUS}: the generation before the current one. */
    private static final int PREVIOUS = -1;

    private final ServiceTracker<Object, Object> updateTracker;
    private final ServiceTracker<Object, Object> repositoryTracker;
    private final Object updateService;
    private final Object repository;
    private final Method apply;
    private final Method plan;
    private final Method changes;
    private final Method downloads;
    private final Method changedName;
    private final Method changedTo;
    private final Method rollback;
    private final Method install;
    private final Method update;
    private final Method allowingDowngrade;
    private final Method withoutBaseline;
    private final Method warnings;
    private final Method parseRange;
    private final Method add;

    private ProvisioningServices(ServiceTracker<Object, Object> updateTracker,
            ServiceTracker<Object, Object> repositoryTracker) throws ReflectiveOperationException {
        this.updateTracker = updateTracker;
        this.repositoryTracker = repositoryTracker;
        this.updateService = updateTracker.getService();
        this.repository = repositoryTracker.getService();
        Bundle updateBundle = updateTracker.getServiceReference().getBundle();
        Class<?> requestType = updateBundle.loadClass("gtach.provisioning.update.UpdateRequest");
        Class<?> serviceType = updateBundle.loadClass("gtach.provisioning.update.UpdateService");
        this.apply = serviceType.getMethod("apply", requestType);
        this.plan = serviceType.getMethod("plan", requestType);
        this.changes = updateBundle.loadClass("gtach.provisioning.update.Plan").getMethod("changes");
        this.downloads = updateBundle.loadClass("gtach.provisioning.update.Plan").getMethod("downloads");
        this.changedName = updateBundle.loadClass("gtach.provisioning.update.Change").getMethod("symbolicName");
        this.changedTo = updateBundle.loadClass("gtach.provisioning.update.Change").getMethod("to");
        this.rollback = serviceType.getMethod("rollback", int.class);
        this.install = requestType.getMethod("install", String.class, Optional.class);
        this.update = requestType.getMethod("update", String.class, Optional.class);
        this.allowingDowngrade = requestType.getMethod("allowingDowngrade");
        this.withoutBaseline = requestType.getMethod("withoutBaseline");
        this.warnings = updateBundle.loadClass("gtach.provisioning.update.Plan").getMethod("warnings");
        this.parseRange = updateBundle.loadClass("gtach.provisioning.version.SemanticRange").getMethod("parse", String.class);
        this.add = repositoryTracker.getServiceReference().getBundle()
                .loadClass("gtach.provisioning.repository.PackageRepository").getMethod("add", String.class);
    }

    /** Waits for both services to be registered. */
    static ProvisioningServices await(BundleContext context) throws Exception {
        ServiceTracker<Object, Object> updates = track(context, "gtach.provisioning.update.UpdateService");
        ServiceTracker<Object, Object> repositories = track(context, "gtach.provisioning.repository.PackageRepository");
        return new ProvisioningServices(updates, repositories);
    }

    static ServiceTracker<Object, Object> track(BundleContext context, String type)
            throws InvalidSyntaxException, InterruptedException {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context,
                FrameworkUtil.createFilter("(objectClass=" + type + ")"), null);
        // all services: the system bundle is wired to neither API package
        tracker.open(true);
        if (tracker.waitForService(SERVICE_TIMEOUT_MS) == null) {
            tracker.close();
            throw new IllegalStateException("No " + type + " service within " + SERVICE_TIMEOUT_MS / 1000
                    + " s; is its bundle in the runtime's bundle set?");
        }
        return tracker;
    }

    /** {@code PackageRepository.add(dir)}; fails unless every JAR was stored. */
    void add(Path dir) {
        for (Object outcome : (List<?>) call(add, repository, dir.toString())) {
            String status = String.valueOf(call(method(outcome, "status"), outcome));
            if (!status.equals("ADDED") && !status.equals("ALREADY_PRESENT")) {
                throw new IllegalStateException("The repository refused a bundle: " + call(method(outcome, "message"), outcome));
            }
        }
    }

    /** {@code apply(UpdateRequest.install(name, Optional.of(SemanticRange.parse(range))))}. */
    void install(String name, String range) {
        apply(call(install, null, name, Optional.of(call(parseRange, null, range))));
    }

    /** {@code apply(UpdateRequest.update(name, Optional.empty()))}: the newest version. */
    void update(String name) {
        apply(call(update, null, name, Optional.empty()));
    }

    /** {@code apply(UpdateRequest.update(name, Optional.of([v,v])).allowingDowngrade())}. */
    void downgrade(String name, String version) {
        Object request = call(update, null, name, Optional.of(call(parseRange, null, "[" + version + "," + version + "]")));
        apply(call(allowingDowngrade, request));
    }

    /**
     * {@code plan(UpdateRequest.install(name, Optional.of(SemanticRange.parse(range))))}, a dry run.
     *
     * @return the symbolic names the plan installs, updates or uninstalls
     */
    List<String> planInstall(String name, String range) {
        return plan(name, range).changes();
    }

    /**
     * What a dry run of an install plans.
     *
     * @param changes the symbolic names the plan installs, updates or uninstalls
     * @param targets each change as {@code name version}, the version it will have ({@code name -} for an uninstall)
     * @param downloads {@code Plan.downloads()}: the packages only fetched remotes have, one line each
     */
    record Planned(List<String> changes, List<String> targets, List<String> downloads) {
    }

    /** {@code plan(UpdateRequest.install(name, Optional.of(SemanticRange.parse(range))))}, a dry run. */
    Planned plan(String name, String range) {
        Object planned = call(plan, updateService, call(install, null, name, Optional.of(call(parseRange, null, range))));
        List<String> names = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (Object change : (List<?>) call(changes, planned)) {
            String changed = (String) call(changedName, change);
            names.add(changed);
            targets.add(changed + " " + ((Optional<?>) call(changedTo, change)).map(String::valueOf).orElse("-"));
        }
        List<String> fromRemotes = new ArrayList<>();
        for (Object line : (List<?>) call(downloads, planned)) {
            fromRemotes.add((String) line);
        }
        return new Planned(names, targets, fromRemotes);
    }

    /**
     * {@code plan(UpdateRequest.update(name, Optional.empty()))}, a dry run, with {@code withoutBaseline()} when
     * the API baseline is to be skipped.
     *
     * @param changes the symbolic names the plan installs, updates or uninstalls
     * @param warnings {@code Plan.warnings()}
     */
    record PlannedUpdate(List<String> changes, List<String> warnings) {
    }

    PlannedUpdate planUpdate(String name, boolean baseline) {
        Object request = call(update, null, name, Optional.empty());
        Object planned = call(plan, updateService, baseline ? request : call(withoutBaseline, request));
        List<String> names = new ArrayList<>();
        for (Object change : (List<?>) call(changes, planned)) {
            names.add((String) call(changedName, change));
        }
        List<String> said = new ArrayList<>();
        for (Object line : (List<?>) call(warnings, planned)) {
            said.add((String) line);
        }
        return new PlannedUpdate(names, said);
    }

    /** {@code rollback(PREVIOUS)}: back to the generation before the current one. */
    void rollback() {
        rollbackTo(PREVIOUS);
    }

    /** {@code rollback(generation)}: {@code 0} is the empty set before the first commit. */
    void rollbackTo(int generation) {
        call(rollback, updateService, generation);
    }

    /** {@code checkLeaks()}: a full GC and the report; returns how many old class loaders it found held. */
    int checkLeaks() {
        Object report = call(method(updateService, "checkLeaks"), updateService);
        return ((List<?>) call(method(report, "held"), report)).size();
    }

    private void apply(Object request) {
        call(apply, updateService, request);
    }

    private static Method method(Object target, String name) {
        try {
            return target.getClass().getMethod(name);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Invokes a method, turning an exception it threw (such as an UpdateException) into an unchecked one. */
    static Object call(Method method, Object target, Object... arguments) {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException(method.getName() + " failed: " + cause.getClass().getSimpleName() + ": "
                    + cause.getMessage(), cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        updateTracker.close();
        repositoryTracker.close();
    }
}
