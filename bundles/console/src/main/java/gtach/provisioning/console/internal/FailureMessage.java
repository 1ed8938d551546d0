package gtach.provisioning.console.internal;

/** Turns a command's exception into the one sentence an operator reads, never a stack trace. */
final class FailureMessage {

    private FailureMessage() {
    }

    static String of(Throwable failure) {
        Throwable cause = failure;
        // Gogo wraps what a command threw; the innermost message is the one its author wrote.
        while (cause.getCause() != null && cause.getCause() != cause
                && (cause.getMessage() == null || cause instanceof java.lang.reflect.InvocationTargetException)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            return "The command failed: " + cause.getClass().getSimpleName() + ".";
        }
        return message;
    }
}
