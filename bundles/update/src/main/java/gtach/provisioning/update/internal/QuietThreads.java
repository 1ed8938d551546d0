package gtach.provisioning.update.internal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * Makes the threads that start and stop bundles. A thread inherits the console streams of the
 * thread that creates it, so one created in a shell command would send whatever a bundle logs
 * (stack traces included) to the operator's terminal. These are all created by one thread made
 * when the component activates, and so print to the runtime's own output.
 */
final class QuietThreads implements ThreadFactory, AutoCloseable {

    private final ExecutorService maker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gtach-update-thread-maker");
        t.setDaemon(true);
        return t;
    });

    QuietThreads() {
        // Create the maker's thread now, in the activating thread.
        try {
            maker.submit(() -> { }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Thread newThread(Runnable task) {
        try {
            return maker.submit(() -> {
                Thread t = new Thread(task, "gtach-update-lifecycle");
                t.setDaemon(true);
                return t;
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making a lifecycle thread", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        maker.shutdownNow();
    }
}
