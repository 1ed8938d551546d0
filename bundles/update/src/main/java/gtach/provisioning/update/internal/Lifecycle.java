package gtach.provisioning.update.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bundle lifecycle calls bounded by a timeout: a bundle whose {@code start} or {@code stop} hangs
 * is named instead of hanging the transaction.
 */
final class Lifecycle implements AutoCloseable {

    interface Call {
        void run() throws BundleException;
    }

    private final ExecutorService executor;
    private final Duration timeout;

    Lifecycle(Duration timeout, java.util.concurrent.ThreadFactory threads) {
        this.timeout = timeout;
        this.executor = Executors.newCachedThreadPool(threads);
    }

    void run(Bundle bundle, String what, Call call) throws ApplyFailure {
        Future<?> future = executor.submit(() -> {
            call.run();
            return null;
        });
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ApplyFailure(name(bundle) + " did not " + what + " within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new ApplyFailure(name(bundle) + " failed to " + what + ": " + rootMessage(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApplyFailure("interrupted while " + name(bundle) + " was asked to " + what);
        }
    }

    static String name(Bundle bundle) {
        return bundle.getSymbolicName() + " " + Versions.display(bundle.getVersion());
    }

    /** The innermost message, which usually says what actually went wrong. */
    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return (message == null ? root.getClass().getSimpleName() : message).replaceAll("\\s+", " ").trim();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
