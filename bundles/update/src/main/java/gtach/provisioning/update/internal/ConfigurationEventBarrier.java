package gtach.provisioning.update.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tells when Config Admin has delivered every configuration event fired so far. It delivers them to
 * its listeners in order, one event after another, and SCR reconfigures a component inside its
 * listener: so once an event fired after a change reaches this listener, every component that change
 * reaches has been reconfigured, and its state is the one to judge. The event is a short-lived
 * configuration of the update service's own, written and deleted again.
 */
final class ConfigurationEventBarrier {

    /** Among the runtime's own PIDs, which are never part of an application. */
    static final String PID = "gtach.provisioning.update.barrier";

    private ConfigurationEventBarrier() {
    }

    /**
     * @return true once the events fired before this call have been delivered, false when they were
     *         not within the time given (a listener, or a component's activation, is still busy)
     */
    static boolean pass(BundleContext context, ConfigurationAdmin admin, long timeoutNanos)
            throws IOException, InterruptedException {
        CountDownLatch delivered = new CountDownLatch(1);
        ConfigurationListener listener = event -> {
            if (PID.equals(event.getPid()) && event.getType() == ConfigurationEvent.CM_UPDATED) {
                delivered.countDown();
            }
        };
        ServiceRegistration<ConfigurationListener> registration =
                context.registerService(ConfigurationListener.class, listener, null);
        Configuration marker = admin.getConfiguration(PID, null);
        try {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("purpose", "tells when earlier configuration events have been delivered");
            marker.update(properties);
            return delivered.await(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
        } finally {
            registration.unregister();
            marker.delete();
        }
    }
}
