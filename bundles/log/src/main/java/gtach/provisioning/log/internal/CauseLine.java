package gtach.provisioning.log.internal;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * An exception in the words of its innermost cause that says something. Declarative Services and
 * reflection wrap what a component threw (InvocationTargetException, ComponentException), and the
 * wrappers' own text, such as {@code InvocationTargetException: null}, tells an operator nothing.
 */
final class CauseLine {

    /** Felix Log hands out exceptions of non-JDK classes wrapped in this, so as not to pin their class loaders. */
    static final String FELIX_WRAPPER = "org.apache.felix.log.LogException: ";
    private static final String FILE_EXCEPTIONS = "java.nio.file.";

    private CauseLine() {
    }

    /** The innermost message in the chain, made readable; the innermost class name when none has a message. */
    static String of(Throwable exception) {
        String innermost = described(exception);
        String withMessage = null;
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable cause = exception; cause != null && seen.put(cause, true) == null; cause = cause.getCause()) {
            innermost = described(cause);
            if (innermost.contains(": ")) {
                withMessage = innermost;
            }
        }
        return readable(withMessage == null ? innermost : withMessage);
    }

    /** {@code class: message}, as toString gives it, without Felix Log's wrapper and without a message of "null". */
    private static String described(Throwable exception) {
        String text = String.valueOf(exception).replace(FELIX_WRAPPER, "");
        return text.endsWith(": null") ? text.substring(0, text.length() - ": null".length()) : text;
    }

    /**
     * The message alone; a file system exception's message is often just the path, so its class
     * says what happened: {@code java.nio.file.NoSuchFileException: /x} is {@code /x: no such file}.
     */
    private static String readable(String line) {
        int colon = line.indexOf(": ");
        if (colon < 0) {
            return line.substring(line.lastIndexOf('.') + 1);
        }
        String type = line.substring(0, colon);
        String message = line.substring(colon + 2).strip();
        if (type.startsWith(FILE_EXCEPTIONS) && !message.contains(": ")) {
            return message + ": " + words(type.substring(FILE_EXCEPTIONS.length()));
        }
        return message;
    }

    /** {@code FileAlreadyExistsException} → {@code file already exists}. */
    private static String words(String simpleName) {
        String name = simpleName.endsWith("Exception") ? simpleName.substring(0, simpleName.length() - "Exception".length()) : simpleName;
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }
}
