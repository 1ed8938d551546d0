package gtach.provisioning.update.internal;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.osgi.service.log.LogReaderService;
import org.osgi.util.tracker.ServiceTracker;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Decides whether an applied change works: every bundle of the target set in its expected state,
 * no framework error and no ERROR in the OSGi log from a changed bundle, the DS components of
 * changed bundles satisfied and activated (delayed ones by asking for their service), and every
 * registered health check passing, all at once, within a timeout.
 */
final class Verifier {

    private static final long POLL_MS = 25;

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final ServiceTracker<HealthCheck, HealthCheck> healthChecks;
    private final ServiceTracker<LogReaderService, LogReaderService> logReaders;
    private volatile LogErrorRule logErrorRule = LogErrorRule.ON;

    Verifier(BundleContext context, ServiceComponentRuntime scr, ServiceTracker<HealthCheck, HealthCheck> healthChecks,
            ServiceTracker<LogReaderService, LogReaderService> logReaders) {
        this.context = context;
        this.scr = scr;
        this.healthChecks = healthChecks;
        this.logReaders = logReaders;
    }

    void logErrorRule(LogErrorRule rule) {
        this.logErrorRule = rule;
    }

    /** Starts collecting the log's ERROR entries; open it before the change begins. */
    LoggedErrors watchLog() {
        return LoggedErrors.watch(logReaders.getService(), logErrorRule);
    }

    /**
     * @param target the managed set wanted
     * @param installed the bundle of each target, by symbolic name, as the reconciler left it
     * @param changedBundles the bundles whose components must be satisfied and activated, and whose logged errors count
     * @param reconfigured the configurations the change set, however it did: the bundles they reach count as changed
     */
    void verify(List<TargetBundle> target, Map<String, Bundle> installed, Collection<Bundle> changedBundles,
            ErrorEvents errors, LoggedErrors logged, ConfigurationChanges reconfigured, Duration timeout) throws ApplyFailure {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Long, String> requested = new HashMap<>();
        List<ConfiguratorResources.Wanted> delivered = ConfiguratorResources.of(changedBundles);
        boolean eventsDelivered = false;
        while (true) {
            // The bundles a changed configuration reaches count as changed, read again each time.
            Set<Bundle> changed = new LinkedHashSet<>(changedBundles);
            Map<String, Map<String, Object>> changedConfigurations = reconfigured.changed();
            // A new configuration reaches its components on Config Admin's event thread: all is well
            // only if it still is once every event fired so far has been delivered.
            boolean reconfiguring = !changedConfigurations.isEmpty();
            Optional<String> untaken = configured(changedConfigurations, changed);
            // A component that failed to activate names the cause; the framework error it may
            // trigger in a consumer ("service factory returned null") does not, so it comes first.
            Optional<String> problem = components(changed, requested, deadline);
            Optional<FrameworkEvent> error = errors.first();
            if (error.isPresent()) {
                FrameworkEvent e = error.get();
                throw new ApplyFailure("the framework reported an error for " + Lifecycle.name(e.getBundle()) + ": "
                        + (e.getThrowable() == null ? "no detail" : Lifecycle.rootMessage(e.getThrowable())));
            }
            Optional<String> loggedError = logged.first(changed);
            if (loggedError.isPresent()) {
                // SCR logs a failed activation just before it records it: let its own report win.
                pause();
                components(changed, requested, deadline);
                throw new ApplyFailure(loggedError.get());
            }
            if (problem.isEmpty()) {
                problem = ConfiguratorResources.notYetApplied(reconfigured.admin(), delivered);
            }
            if (problem.isEmpty()) {
                problem = untaken;
            }
            if (problem.isEmpty()) {
                problem = bundleStates(target, installed);
            }
            if (problem.isEmpty()) {
                problem = healthChecks();
            }
            if (problem.isPresent()) {
                eventsDelivered = false;
                if (System.nanoTime() > deadline) {
                    throw new ApplyFailure(problem.get() + " after " + timeout.toSeconds() + " s");
                }
            } else if (!reconfiguring && !reconfigured.changed().isEmpty()) {
                // A configuration changed during this round (the Configurator applies an application's
                // resources on its own thread): judged again from the start, waiting for its events.
                continue;
            } else if (!reconfiguring || eventsDelivered) {
                return;
            } else {
                awaitConfigurationEvents(reconfigured.admin(), deadline, timeout);
                eventsDelivered = true;
                continue; // judged again at once, now that the components have their configuration
            }
            pause();
        }
    }

    private void awaitConfigurationEvents(ConfigurationAdmin admin, long deadline, Duration timeout) throws ApplyFailure {
        if (admin == null) {
            return;
        }
        try {
            if (!ConfigurationEventBarrier.pass(context, admin, deadline - System.nanoTime())) {
                throw new ApplyFailure("Config Admin had not delivered the new configuration to its components after "
                        + timeout.toSeconds() + " s (a component's activation may not return)");
            }
        } catch (IOException | IllegalStateException e) {
            throw new ApplyFailure("Config Admin could not be asked whether the new configuration reached its components ("
                    + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApplyFailure("interrupted while verifying");
        }
    }

    private static void pause() throws ApplyFailure {
        try {
            TimeUnit.MILLISECONDS.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApplyFailure("interrupted while verifying");
        }
    }

    private static Optional<String> bundleStates(List<TargetBundle> target, Map<String, Bundle> installed) {
        for (TargetBundle t : target) {
            Bundle bundle = installed.get(t.symbolicName());
            if (bundle == null || bundle.getState() == Bundle.UNINSTALLED) {
                return Optional.of(t + " is not installed");
            }
            if (!bundle.getVersion().equals(t.id().version())) {
                return Optional.of(t.symbolicName() + " is at " + bundle.getVersion() + ", not " + t.id().version());
            }
            boolean fragment = Reconciler.isFragment(bundle);
            int expected = t.started() && !fragment ? Bundle.ACTIVE : Bundle.RESOLVED;
            if (bundle.getState() != expected) {
                return Optional.of(t + " is " + stateName(bundle.getState()) + ", not " + stateName(expected));
            }
        }
        return Optional.empty();
    }

    /**
     * Adds the application bundles whose components are configured by a changed configuration.
     *
     * @return a component that has not yet been given the configuration's new values (Config Admin
     *         delivers them on a thread of its own), if one has not
     */
    private Optional<String> configured(Map<String, Map<String, Object>> changedConfigurations, Set<Bundle> changed) {
        if (changedConfigurations.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> untaken = Optional.empty();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (description.configurationPid == null || "ignore".equals(description.configurationPolicy)) {
                continue;
            }
            for (String pid : description.configurationPid) {
                Map<String, Object> values = changedConfigurations.get(pid);
                Bundle bundle = values == null ? null : context.getBundle(description.bundle.id);
                if (bundle == null || !ManagedBundles.isManaged(bundle)) {
                    continue;
                }
                changed.add(bundle);
                if (untaken.isEmpty() && !values.isEmpty() && !taken(description, pid, values)) {
                    untaken = Optional.of("the component " + description.name + " of " + Lifecycle.name(bundle)
                            + " has not yet taken its new configuration " + pid);
                }
            }
        }
        return untaken;
    }

    /** Whether every configuration of the component SCR runs under that PID shows its new values. */
    private boolean taken(ComponentDescriptionDTO description, String pid, Map<String, Object> values) {
        for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
            if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION
                    || configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                continue; // reported as such by the component check
            }
            Object servicePid = configuration.properties.get(org.osgi.framework.Constants.SERVICE_PID);
            if (servicePid != null && !pid.equals(servicePid)) {
                continue; // another of several PIDs, or an instance of a factory: not this configuration's values
            }
            if (servicePid == null) {
                return false;
            }
            for (Map.Entry<String, Object> value : values.entrySet()) {
                Object shown = configuration.properties.get(value.getKey());
                if (!java.util.Objects.equals(comparable(shown), value.getValue())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Object comparable(Object value) {
        if (value != null && value.getClass().isArray()) {
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                items.add(java.lang.reflect.Array.get(value, i));
            }
            return items;
        }
        return value;
    }

    /**
     * A component that failed to activate fails at once; an unsatisfied one may still be waiting; a
     * delayed one is activated once through a request for its service, as its first consumer would.
     */
    private Optional<String> components(Collection<Bundle> changed, Map<Long, String> requested, long deadline) throws ApplyFailure {
        for (Bundle bundle : changed) {
            if (bundle.getState() != Bundle.ACTIVE) {
                continue;
            }
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
                if (!scr.isComponentEnabled(description)) {
                    continue;
                }
                for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                    if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                        throw new ApplyFailure("the component " + description.name + " of " + Lifecycle.name(bundle)
                                + " failed to activate: " + firstLine(configuration.failure));
                    }
                    // Asked again once its properties change: SCR keeps the id of a reconfigured component.
                    if (DelayedActivation.isDelayed(description, configuration)
                            && !propertiesOf(configuration).equals(requested.put(configuration.id, propertiesOf(configuration)))) {
                        Optional<String> failed = activate(configuration, deadline);
                        if (failed.isPresent()) {
                            throw new ApplyFailure("the component " + description.name + " of " + Lifecycle.name(bundle)
                                    + " failed to activate when its service was requested: "
                                    + failure(description, configuration.id).orElse(failed.get()));
                        }
                    }
                    if (description.immediate && configuration.state == ComponentConfigurationDTO.SATISFIED) {
                        // Between a new configuration and the activation it causes, which may still fail.
                        return Optional.of("the component " + description.name + " of " + Lifecycle.name(bundle)
                                + " is not yet active");
                    }
                    if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                        List<String> missing = new ArrayList<>();
                        for (UnsatisfiedReferenceDTO reference : configuration.unsatisfiedReferences) {
                            missing.add(reference.name + " (" + interfaceOf(description, reference.name) + ")");
                        }
                        return Optional.of("the component " + description.name + " of " + Lifecycle.name(bundle)
                                + " still lacks the service " + String.join(", ", missing));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The configuration's properties in an order and form that compare as text. */
    private static String propertiesOf(ComponentConfigurationDTO configuration) {
        Map<String, Object> sorted = new java.util.TreeMap<>();
        configuration.properties.forEach((key, value) -> sorted.put(key, comparable(value)));
        return sorted.toString();
    }

    private Optional<String> activate(ComponentConfigurationDTO configuration, long deadline) throws ApplyFailure {
        try {
            return DelayedActivation.attempt(context, configuration, Duration.ofNanos(deadline - System.nanoTime()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApplyFailure("interrupted while verifying");
        }
    }

    /** What SCR recorded about the configuration's failed activation, if it did. */
    private Optional<String> failure(ComponentDescriptionDTO description, long id) {
        for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
            if (configuration.id == id && configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                return Optional.of(firstLine(configuration.failure));
            }
        }
        return Optional.empty();
    }

    private static String interfaceOf(ComponentDescriptionDTO description, String reference) {
        for (var r : description.references) {
            if (r.name.equals(reference)) {
                return r.interfaceName;
            }
        }
        return "?";
    }

    /**
     * Every registered check, including one whose service cannot be had: the tracker leaves those
     * out, and a check whose component failed to be created must not pass by being left out.
     */
    private Optional<String> healthChecks() {
        List<ServiceReference<HealthCheck>> references;
        try {
            references = List.copyOf(context.getServiceReferences(HealthCheck.class, null));
        } catch (org.osgi.framework.InvalidSyntaxException | IllegalStateException e) {
            return Optional.empty();
        }
        for (ServiceReference<HealthCheck> reference : references) {
            Object name = reference.getProperty(HealthCheck.NAME);
            Bundle owner = reference.getBundle();
            if (owner == null) {
                continue; // unregistered meanwhile
            }
            String named = name == null ? "of " + Lifecycle.name(owner) : String.valueOf(name);
            HealthCheck check = healthChecks.getService(reference);
            boolean borrowed = false;
            if (check == null) {
                check = context.getService(reference);
                borrowed = check != null;
            }
            if (check == null && reference.getBundle() == null) {
                continue; // unregistered meanwhile
            }
            if (check == null) {
                return Optional.of("the health check " + named + " is registered but cannot be obtained");
            }
            try {
                Result result = check.execute();
                if (!result.isOk()) {
                    return Optional.of("the health check " + named + " reports " + result.getStatus() + message(result));
                }
            } catch (RuntimeException e) {
                return Optional.of("the health check " + named + " threw " + Lifecycle.rootMessage(e));
            } finally {
                if (borrowed) {
                    context.ungetService(reference);
                }
            }
        }
        return Optional.empty();
    }

    private static String message(Result result) {
        for (Iterator<ResultLog.Entry> it = result.iterator(); it.hasNext(); ) {
            ResultLog.Entry entry = it.next();
            if (entry.getMessage() != null && !entry.getMessage().isBlank()) {
                return " (" + entry.getMessage().trim() + ")";
            }
        }
        return "";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no detail";
        }
        // A constructor or activate method that threw is wrapped; what it said is in the last "Caused by".
        String line = text.strip().lines().filter(l -> l.strip().startsWith("Caused by: "))
                .reduce((first, second) -> second).map(l -> l.strip().substring("Caused by: ".length()))
                .orElse(text.strip().lines().findFirst().orElse("no detail"));
        // DS puts the exception's class before its message; an operator needs the message.
        int colon = line.indexOf(": ");
        return colon > 0 && line.substring(0, colon).matches("[\\w.$]+") ? line.substring(colon + 2) : line;
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }
}
