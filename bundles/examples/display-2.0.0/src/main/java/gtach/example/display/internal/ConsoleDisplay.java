package gtach.example.display.internal;

import gtach.example.tach.Tachometer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Shows the engine speed once a second, in the log, as the dashboard of the example. */
@Component(immediate = true)
public final class ConsoleDisplay {

    private final Tachometer tach;
    private final Logger log;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gtach-example-display");
        t.setDaemon(true);
        return t;
    });

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
        log.info("Display 2.0.0: {} rpm from {}", tach.read().rpm(), tach.read().source());
    }
}
