package gtach.example.display.internal;

import gtach.example.tach.Tachometer;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows the engine speed once a second, in the log, as the dashboard of the example. As a Felix
 * health check it says whether it still does, so that a change that leaves the display silent or
 * unable to read the tachometer fails its verification and is rolled back.
 */
@Component(immediate = true, service = HealthCheck.class, property = HealthCheck.NAME + "=example display")
public final class ConsoleDisplay implements HealthCheck {

    /** Three missed readings: one late tick is not a fault. */
    private static final long SILENT_MILLIS = 3_000;

    private final Tachometer tach;
    private final Logger log;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gtach-example-display");
        t.setDaemon(true);
        return t;
    });
    private volatile long lastShown = System.nanoTime();
    private volatile String readingFailure;

    @Activate
    public ConsoleDisplay(@Reference Tachometer tach, @Reference(service = LoggerFactory.class) Logger log) {
        this.tach = tach;
        this.log = log;
        ticker.scheduleAtFixedRate(this::show, 0, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void stop() {
        ticker.shutdownNow();
    }

    private void show() {
        try {
            log.info("Display 2.0.0: {} rpm from {}", tach.read().rpm(), tach.read().source());
            lastShown = System.nanoTime();
            readingFailure = null;
        } catch (RuntimeException e) {
            readingFailure = String.valueOf(e.getMessage());
            log.warn("The display cannot read the tachometer: {}", e.getMessage());
        }
    }

    @Override
    public Result execute() {
        String failure = readingFailure;
        if (failure != null) {
            return new Result(Result.Status.CRITICAL, "the display cannot read the tachometer: " + failure);
        }
        long silent = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastShown);
        if (silent > SILENT_MILLIS) {
            return new Result(Result.Status.CRITICAL, "the display has shown nothing for " + silent + " ms");
        }
        return new Result(Result.Status.OK, "the display showed a reading " + silent + " ms ago");
    }
}
