package gtach.provisioning.runtime;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The start-level hand-off between the launcher and the update service. Getting the update service
 * activates it, and its activation restores the last committed generation when a crash interrupted
 * an update; only then may the application's start level be reached.
 */
final class ProvisioningHandOff {

    static final String UPDATE_SERVICE = "gtach.provisioning.update.UpdateService";
    private static final long WAIT_S = 60;

    private ProvisioningHandOff() {
    }

    /**
     * Waits for the update service and holds it for the life of the framework.
     *
     * @return whether the application may start; false when the update service could not restore
     *         a consistent generation (it says why in the log), so the operator can look first
     */
    static boolean reconciled(BundleContext context) throws InterruptedException {
        CountDownLatch decided = new CountDownLatch(1);
        AtomicBoolean failed = new AtomicBoolean();
        ServiceTracker<Object, Object> tracker;
        try {
            tracker = new ServiceTracker<>(context, context.createFilter("(objectClass=" + UPDATE_SERVICE + ")"),
                    new ServiceTrackerCustomizer<>() {
                        @Override
                        public Object addingService(ServiceReference<Object> reference) {
                            Object service = context.getService(reference);
                            // null: the component's activation failed, which it has logged; waiting changes nothing
                            failed.set(service == null);
                            decided.countDown();
                            return service;
                        }

                        @Override
                        public void modifiedService(ServiceReference<Object> reference, Object service) {
                        }

                        @Override
                        public void removedService(ServiceReference<Object> reference, Object service) {
                            context.ungetService(reference);
                        }
                    });
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        tracker.open(true);
        if (decided.await(WAIT_S, TimeUnit.SECONDS) && !failed.get()) {
            // The tracker keeps the service, and so the component, active until the framework stops.
            return true;
        }
        tracker.close();
        if (!failed.get()) {
            System.err.println("GTach: no update service appeared within " + WAIT_S
                    + " s, so nothing can check for an interrupted update; the application is not started.");
        } else {
            System.err.println("GTach: the update service could not restore the last committed generation (see the"
                    + " log above); the application is not started. Fix the cause, then restart the runtime.");
        }
        return false;
    }
}
