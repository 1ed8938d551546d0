package gtach.provisioning.shell.internal;

import java.util.Optional;

/**
 * The message of the innermost cause in a stack trace written out as text, as Declarative
 * Services keeps an activation failure: wrappers such as InvocationTargetException say nothing.
 */
final class FailureText {

    private static final String CAUSED_BY = "Caused by: ";
    private static final String FILE_EXCEPTIONS = "java.nio.file.";

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

    /**
     * {@code java.io.IOException: disk full} → {@code disk full}; a bare class name has no message. A file
     * system exception's message is often just the path, so its class says what happened (the log
     * bundle's CauseLine words a live exception the same way).
     */
    private static Optional<String> messageOf(String line) {
        int colon = line.indexOf(": ");
        if (colon < 0) {
            return Optional.empty();
        }
        String type = line.substring(0, colon);
        String message = line.substring(colon + 2).strip();
        if (message.isEmpty() || message.equals("null")) {
            return Optional.empty();
        }
        if (type.startsWith(FILE_EXCEPTIONS) && !message.contains(": ")) {
            message = message + ": " + words(type.substring(FILE_EXCEPTIONS.length()));
        }
        return Optional.of(stripFullStop(message));
    }

    /** {@code FileAlreadyExistsException} → {@code file already exists}. */
    private static String words(String simpleName) {
        String name = simpleName.endsWith("Exception") ? simpleName.substring(0, simpleName.length() - "Exception".length()) : simpleName;
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }

    /** The message goes inside a sentence of its own. */
    private static String stripFullStop(String message) {
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }
}
