package gtach.provisioning.update.internal;

import org.osgi.service.component.ComponentServiceObjects;

import java.util.function.Supplier;

/**
 * A service got on first use, not when the component activates: the boot-time check of the
 * update service must not wake the repository (and its index) before the application starts.
 */
final class LazyService<T> implements Supplier<T>, AutoCloseable {

    private final ComponentServiceObjects<T> objects;
    private T service;

    LazyService(ComponentServiceObjects<T> objects) {
        this.objects = objects;
    }

    @Override
    public synchronized T get() {
        if (service == null) {
            service = objects.getService();
            if (service == null) {
                throw new IllegalStateException("The service " + objects.getServiceReference() + " is gone");
            }
        }
        return service;
    }

    @Override
    public synchronized void close() {
        if (service != null) {
            objects.ungetService(service);
            service = null;
        }
    }
}
