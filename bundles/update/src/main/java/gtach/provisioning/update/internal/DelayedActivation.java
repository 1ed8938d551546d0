package gtach.provisioning.update.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Activates a delayed component the way its first consumer would, by asking for its service and
 * giving it back at once. SCR reports a delayed component SATISFIED until someone asks, so without
 * this an {@code activate} that throws would be found only after the change was committed.
 */
final class DelayedActivation {

    private DelayedActivation() {
    }

    /** True for a component SCR creates only when its service is first requested. */
    static boolean isDelayed(ComponentDescriptionDTO description, ComponentConfigurationDTO configuration) {
        return configuration.state == ComponentConfigurationDTO.SATISFIED && !description.immediate
                && description.factory == null && description.serviceInterfaces != null
                && description.serviceInterfaces.length > 0;
    }

    /**
     * Asks on a thread of its own, so that an {@code activate} that never returns fails the change
     * within the time verification has left instead of holding every later request.
     *
     * @return why the service could not be had, or empty when the component activated
     */
    static Optional<String> attempt(BundleContext context, ComponentConfigurationDTO configuration, Duration limit)
            throws InterruptedException {
        CompletableFuture<Optional<String>> request = new CompletableFuture<>();
        Thread asking = new Thread(() -> {
            try {
                request.complete(attempt(context, configuration));
            } catch (RuntimeException | Error e) {
                request.completeExceptionally(e);
            }
        }, "gtach-verify-delayed-component");
        asking.setDaemon(true);
        asking.start();
        // At least a second: a component that became satisfied just before the deadline deserves a try.
        long millis = Math.max(1000, limit.toMillis());
        try {
            return request.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Optional.of("its activation did not finish within " + Math.round(millis / 1000.0) + " s");
        } catch (ExecutionException e) {
            return Optional.of(Lifecycle.rootMessage(e.getCause()));
        }
    }

    private static Optional<String> attempt(BundleContext context, ComponentConfigurationDTO configuration) {
        ServiceReference<?>[] references;
        try {
            references = context.getServiceReferences((String) null, "(component.id=" + configuration.id + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (references == null) {
            return Optional.empty(); // unregistered meanwhile: the next check sees its new state
        }
        for (ServiceReference<?> reference : references) {
            Optional<String> problem = getAndUnget(context, reference);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static <S> Optional<String> getAndUnget(BundleContext context, ServiceReference<S> reference) {
        ServiceObjects<S> objects = context.getServiceObjects(reference);
        if (objects == null) {
            return Optional.empty();
        }
        S service;
        try {
            service = objects.getService();
        } catch (RuntimeException e) {
            return Optional.of(Lifecycle.rootMessage(e));
        }
        if (service == null) {
            return Optional.of("its service request returned nothing");
        }
        objects.ungetService(service);
        return Optional.empty();
    }
}
