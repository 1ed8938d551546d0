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
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows the engine speed in the log at a configured interval, as the dashboard of the example. As a
 * Felix health check it says whether it still does, so that a change that leaves the display silent
 * or unable to read the tachometer fails its verification and is rolled back.
 */
@Component(immediate = true, service = HealthCheck.class, property = HealthCheck.NAME + "=example display")
@Designate(ocd = ConsoleDisplay.Config.class)
public final class ConsoleDisplay implements HealthCheck {

    @ObjectClassDefinition(name = "Example display")
    public @interface Config {
        @AttributeDefinition(min = "1", max = "60", description = "Seconds between two readings shown")
        int intervalSeconds() default 1;
    }

    /** Three missed readings: one late tick is not a fault. */
    private final long silentMillis;

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
    public ConsoleDisplay(@Reference Tachometer tach, @Reference(service = LoggerFactory.class) Logger log, Config config) {
        this.tach = tach;
        this.log = log;
        int interval = config.intervalSeconds();
        if (interval < 1) {
            // Refused rather than corrected, so that a bad configuration fails the change that brings it.
            throw new IllegalArgumentException("the display interval must be at least 1 s, not " + interval + " s");
        }
        this.silentMillis = 3_000L * interval;
        ticker.scheduleAtFixedRate(this::show, 0, interval, TimeUnit.SECONDS);
    }

    @Deactivate
    void stop() {
        ticker.shutdownNow();
    }

    private void show() {
        try {
            log.info("Display 1.0.0: {} rpm from {}", tach.rpm(), tach.source());
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
        if (silent > silentMillis) {
            return new Result(Result.Status.CRITICAL, "the display has shown nothing for " + silent + " ms");
        }
        return new Result(Result.Status.OK, "the display showed a reading " + silent + " ms ago");
    }
}
