package gtach.provisioning.repository.internal;

import java.time.Duration;

/**
 * Ends a download that takes longer than its total timeout. A read timeout alone cannot: a server
 * that sends one byte a second never lets a read wait long. A watchdog thread of its own lives
 * exactly as long as the download, so nothing outlives a finished or failed one.
 */
final class DownloadDeadline implements AutoCloseable {

    private final Thread watchdog;
    private volatile boolean expired;

    private DownloadDeadline(Duration total, Runnable abort, String name) {
        this.watchdog = new Thread(() -> {
            try {
                Thread.sleep(total.toMillis());
            } catch (InterruptedException e) {
                return; // the download finished first
            }
            expired = true;
            abort.run();
        }, name);
        watchdog.setDaemon(true);
    }

    /** Starts counting; {@code abort} runs on the watchdog thread when the time is up and must unblock the reader. */
    static DownloadDeadline start(Duration total, Runnable abort, String name) {
        DownloadDeadline deadline = new DownloadDeadline(total, abort, name);
        deadline.watchdog.start();
        return deadline;
    }

    /** Whether the time ran out, so that a failure of the reader is reported as the timeout. */
    boolean expired() {
        return expired;
    }

    /** Stops the watchdog and waits for it, so no thread survives the download. */
    @Override
    public void close() {
        watchdog.interrupt();
        boolean interrupted = false;
        while (watchdog.isAlive()) {
            try {
                watchdog.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
