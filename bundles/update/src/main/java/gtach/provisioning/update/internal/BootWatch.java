package gtach.provisioning.update.internal;

import gtach.provisioning.update.UpdateException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.service.log.Logger;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Watches one boot: when the framework reaches a new start level, it asks whether the current
 * generation runs as recorded, and if so its boot counts as good. Off the framework's event thread,
 * since a transaction may hold the lock.
 */
final class BootWatch implements FrameworkListener, AutoCloseable {

    private final BundleContext context;
    private final BootGuard bootGuard;
    private final Logger log;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gtach-boot-watch");
        t.setDaemon(true);
        return t;
    });

    BootWatch(BundleContext context, BootGuard bootGuard, Logger log) {
        this.context = context;
        this.bootGuard = bootGuard;
        this.log = log;
        context.addFrameworkListener(this);
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
            executor.execute(() -> {
                try {
                    bootGuard.confirmBoot();
                } catch (UpdateException e) {
                    log.warn(e.getMessage());
                }
            });
        }
    }

    @Override
    public void close() {
        try {
            context.removeFrameworkListener(this);
        } catch (IllegalStateException e) {
            // The framework is already stopping.
        }
        executor.shutdownNow();
    }
}
