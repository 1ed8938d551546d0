package gtach.provisioning.runtime;

import org.apache.felix.framework.Logger;

import java.io.PrintStream;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Felix's own messages, one line each on standard error. Felix's default prints the message to
 * standard output and the whole stack trace to standard error; the same failure reaches the Log
 * Service as a framework event, so the trace is kept in gtach.log while the console gets a line.
 */
final class FrameworkLog extends Logger {

    private final PrintStream err;

    FrameworkLog(PrintStream err) {
        this.err = err;
    }

    @Override
    protected void doLogOut(int level, String message, Throwable failure) {
        String line = "Felix " + levelName(level) + ": " + message
                + (failure == null ? "" : " (" + innermostMessage(failure) + ")");
        err.println(line.replace('\n', ' ').replace('\r', ' '));
    }

    private static String levelName(int level) {
        return switch (level) {
            case LOG_ERROR -> "error";
            case LOG_WARNING -> "warning";
            case LOG_INFO -> "info";
            default -> "debug";
        };
    }

    /** Wrappers such as InvocationTargetException say nothing; the innermost message does. */
    static String innermostMessage(Throwable failure) {
        String message = null;
        Throwable innermost = failure;
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable cause = failure; cause != null && seen.put(cause, true) == null; cause = cause.getCause()) {
            innermost = cause;
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                message = cause.getMessage();
            }
        }
        return message != null ? message : innermost.getClass().getSimpleName();
    }
}
