package gtach.provisioning.update.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Framework errors raised for managed bundles while a transaction runs: {@code Bundle.update} and
 * a refresh restart bundles and report a failing activator only as a framework event.
 */
final class ErrorEvents implements FrameworkListener, AutoCloseable {

    private final BundleContext context;
    private final AtomicReference<FrameworkEvent> first = new AtomicReference<>();

    ErrorEvents(BundleContext context) {
        this.context = context;
        context.addFrameworkListener(this);
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        Bundle bundle = event.getBundle();
        if (event.getType() == FrameworkEvent.ERROR && bundle != null && ManagedBundles.isManaged(bundle)) {
            first.compareAndSet(null, event);
        }
    }

    Optional<FrameworkEvent> first() {
        return Optional.ofNullable(first.get());
    }

    @Override
    public void close() {
        context.removeFrameworkListener(this);
    }
}
