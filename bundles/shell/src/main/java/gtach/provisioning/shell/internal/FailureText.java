package gtach.provisioning.shell.internal;

import java.util.Optional;

/**
 * The message of the innermost cause in a stack trace written out as text, as Declarative
 * Services keeps an activation failure: wrappers such as InvocationTargetException say nothing.
 */
final class FailureText {

    private static final String CAUSED_BY = "Caused by: ";

    private FailureText() {
    }

    /** Empty when the text is blank or none of its exceptions carries a message. */
    static Optional<String> innermostMessage(String trace) {
        if (trace == null || trace.isBlank()) {
            return Optional.empty();
        }
        Optional<String> innermost = messageOf(trace.lines().findFirst().orElse("").strip());
        for (String line : (Iterable<String>) trace.lines()::iterator) {
            if (line.startsWith(CAUSED_BY)) {
                Optional<String> message = messageOf(line.substring(CAUSED_BY.length()).strip());
                innermost = message.isPresent() ? message : innermost;
            }
        }
        return innermost;
    }

    /** {@code java.io.IOException: No such file} → {@code No such file}; a bare class name has no message. */
    private static Optional<String> messageOf(String line) {
        int colon = line.indexOf(": ");
        if (colon < 0) {
            return Optional.empty();
        }
        String message = line.substring(colon + 2).strip();
        return message.isEmpty() || message.equals("null") ? Optional.empty() : Optional.of(stripFullStop(message));
    }

    /** The message goes inside a sentence of its own. */
    private static String stripFullStop(String message) {
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }
}
