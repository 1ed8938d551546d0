package gtach.provisioning.update.internal;

import org.osgi.framework.BundleContext;

import java.nio.file.Path;

/**
 * Marks each persistence step of a transaction. With {@code gtach.update.traceSteps=true} it prints
 * {@code gtach.update step <name>}, and with {@code gtach.update.stepPauseMs=<n>} it waits after
 * each: crash tests use both to kill the runtime at every step. With
 * {@code gtach.update.traceWrites=true} it prints {@code gtach.update fsync <path>} and
 * {@code gtach.update rename <path>} for each fsync and rename, so that tests count what a transaction
 * costs the disk.
 */
final class Steps implements DurableFiles.Listener {

    private final boolean trace;
    private final long pauseMs;
    private final boolean traceWrites;

    Steps(boolean trace, long pauseMs, boolean traceWrites) {
        this.trace = trace;
        this.pauseMs = pauseMs;
        this.traceWrites = traceWrites;
    }

    static Steps from(BundleContext context) {
        boolean trace = Boolean.parseBoolean(context.getProperty("gtach.update.traceSteps"));
        long pause = 0;
        String text = context.getProperty("gtach.update.stepPauseMs");
        if (text != null) {
            try {
                pause = Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                pause = 0;
            }
        }
        return new Steps(trace, pause, Boolean.parseBoolean(context.getProperty("gtach.update.traceWrites")));
    }

    @Override
    public void synced(Path path) {
        if (traceWrites) {
            System.out.println("gtach.update fsync " + path);
            System.out.flush();
        }
    }

    @Override
    public void renamed(Path target) {
        if (traceWrites) {
            System.out.println("gtach.update rename " + target);
            System.out.flush();
        }
    }

    void reached(String name) {
        if (!trace) {
            return;
        }
        System.out.println("gtach.update step " + name);
        System.out.flush();
        if (pauseMs > 0) {
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
