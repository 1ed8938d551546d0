package gtach.provisioning.console.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a command's exception into the one sentence an operator reads, never a stack trace. */
final class FailureMessage {

    /** Gogo's words when no method of a command takes the arguments given. */
    private static final Pattern WRONG_ARGUMENTS = Pattern.compile("^Cannot coerce ([^(]+)\\(.*", Pattern.DOTALL);
    private static final String NOT_FOUND = "Command not found: ";

    private FailureMessage() {
    }

    /**
     * @param failure what the command threw
     * @param line the command line, to name the command when Gogo's own message does not
     * @param owner the bundle that registered the command, to blame a fault on the right one
     */
    static String of(Throwable failure, String line, Optional<CommandOwner> owner) {
        Throwable cause = failure;
        // Gogo wraps what a command threw; the innermost message is the one its author wrote.
        while (cause.getCause() != null && cause.getCause() != cause
                && (cause.getMessage() == null || cause instanceof java.lang.reflect.InvocationTargetException)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            String command = line.strip().split("\\s+", 2)[0];
            if (owner.isPresent() && !owner.get().isGtach()) {
                return "The command " + command + " failed with " + cause.getClass().getSimpleName() + " inside "
                        + owner.get() + ", which provides it: a fault in that bundle rather than in GTach or in what"
                        + " was typed; `cmd --verbose` shows where.";
            }
            return "The command " + command + " failed with " + cause.getClass().getSimpleName()
                    + ", which is a fault in GTach rather than in what was typed; `cmd --verbose` shows where.";
        }
        if (message.startsWith(NOT_FOUND)) {
            String command = message.substring(NOT_FOUND.length()).trim();
            return "There is no command " + command + "; `help` lists them all, and nothing was run.";
        }
        Matcher wrong = WRONG_ARGUMENTS.matcher(message);
        if (wrong.matches()) {
            String command = qualified(wrong.group(1).trim(), line);
            return command + " does not take these arguments; `help " + command + "` shows its usage, and nothing was run.";
        }
        return message;
    }

    /** Gogo reports the bare function name; the operator typed it with its scope, if any. */
    private static String qualified(String command, String line) {
        String first = line.strip().split("\\s+", 2)[0];
        return first.endsWith(":" + command) ? first : command;
    }
}
