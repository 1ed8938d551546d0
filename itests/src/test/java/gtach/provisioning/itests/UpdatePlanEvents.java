package gtach.provisioning.itests;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Records bundle events while an update runs. Synchronous listeners are called in the thread that
 * changes the bundle, before the change returns, so the record is the true order of the changes.
 */
final class UpdatePlanEvents implements SynchronousBundleListener, AutoCloseable {

    /** One bundle event: its type, the bundle's symbolic name and the thread that caused it. */
    record Event(int type, String symbolicName, String thread) {
    }

    private final BundleContext context;
    private final String pausePrefix;
    private final long pauseMillis;
    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());

    private UpdatePlanEvents(BundleContext context, String pausePrefix, long pauseMillis) {
        this.context = context;
        this.pausePrefix = pausePrefix;
        this.pauseMillis = pauseMillis;
        context.addBundleListener(this);
    }

    /** Starts recording every bundle event. */
    static UpdatePlanEvents record(BundleContext context) {
        return new UpdatePlanEvents(context, "", 0);
    }

    /**
     * Starts recording, and holds the changing thread for a while after each install or start of a
     * bundle whose name has the prefix: a second update that is not kept waiting then shows up in
     * the middle of the first one.
     */
    static UpdatePlanEvents recordPausing(BundleContext context, String prefix, long millis) {
        return new UpdatePlanEvents(context, prefix, millis);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        String name = String.valueOf(event.getBundle().getSymbolicName());
        events.add(new Event(event.getType(), name, Thread.currentThread().getName()));
        boolean paused = event.getType() == BundleEvent.INSTALLED || event.getType() == BundleEvent.STARTED;
        if (pauseMillis > 0 && paused && name.startsWith(pausePrefix)) {
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The symbolic names of the bundles that had an event of this type. */
    Set<String> names(int type) {
        return events().stream().filter(e -> e.type() == type).map(Event::symbolicName)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The symbolic names of the bundles that had any event. */
    Set<String> names() {
        return events().stream().map(Event::symbolicName).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Override
    public void close() {
        context.removeBundleListener(this);
    }
}
