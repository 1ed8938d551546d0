package gtach.provisioning.repository.internal;

import java.time.Duration;

/**
 * Ends a response body that sends nothing for a while. The JDK's HTTP client bounds the wait for
 * the headers only, and a read from its body stream blocks for as long as the server stays silent:
 * a watchdog thread of its own runs {@code abort} (closing the stream, which ends the blocked read)
 * once no {@link #arrived()} came for {@code idle}, and lives exactly as long as the body is read.
 */
final class StallWatch implements AutoCloseable {

    private final Thread watchdog;
    private final long idleNanos;
    private volatile long lastArrival = System.nanoTime();
    private volatile boolean stalled;

    private StallWatch(Duration idle, Runnable abort, String name) {
        this.idleNanos = idle.toNanos();
        this.watchdog = new Thread(() -> {
            try {
                long silent;
                while ((silent = System.nanoTime() - lastArrival) < idleNanos) {
                    Thread.sleep(Math.max(1, (idleNanos - silent) / 1_000_000));
                }
            } catch (InterruptedException e) {
                return; // the body was read to its end, or failed otherwise
            }
            stalled = true;
            abort.run();
        }, name);
        watchdog.setDaemon(true);
    }

    /** Starts watching; {@code abort} runs on the watchdog thread and must unblock the reader. */
    static StallWatch start(Duration idle, Runnable abort, String name) {
        StallWatch watch = new StallWatch(idle, abort, name);
        watch.watchdog.start();
        return watch;
    }

    /** Bytes arrived: the silence counts from now. */
    void arrived() {
        lastArrival = System.nanoTime();
    }

    /** Whether the server stayed silent too long, so that the reader's failure is named as the timeout. */
    boolean stalled() {
        return stalled;
    }

    /** Stops the watchdog and waits for it, so no thread outlives the body. */
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
