package gtach.provisioning.version.internal;

import org.osgi.framework.Version;

/**
 * Finds where an OSGi range text that {@link org.osgi.framework.VersionRange} refused goes wrong,
 * so that the error can name a position. It mirrors the OSGi grammar only as far as needed for
 * that: it never decides validity itself. Stateless and thread-safe.
 */
final class OsgiRangeDiagnosis {

    private OsgiRangeDiagnosis() {
    }

    /**
     * Builds the error for a range text refused by OSGi.
     *
     * @param text the refused text; not {@code null}
     * @param refusal the exception thrown by OSGi; not {@code null}
     * @return the error with the best position found
     */
    static SyntaxError locate(String text, IllegalArgumentException refusal) {
        int start = skipWhitespace(text, 0);
        if (start == text.length()) {
            return new SyntaxError("expected a version range but found only whitespace", start);
        }
        char first = text.charAt(start);
        if (first != '[' && first != '(') {
            return new SyntaxError("not a valid OSGi version (" + detail(text, refusal) + ")", start);
        }
        int comma = text.indexOf(',', start + 1);
        if (comma < 0) {
            return new SyntaxError("missing ',' between the lower and the upper bound", text.length());
        }
        SyntaxError lower = checkVersion(text, start + 1, comma, "lower bound");
        if (lower != null) {
            return lower;
        }
        int close = indexOfAny(text, comma + 1);
        if (close < 0) {
            return new SyntaxError("missing ']' or ')' after the upper bound", text.length());
        }
        SyntaxError upper = checkVersion(text, comma + 1, close, "upper bound");
        if (upper != null) {
            return upper;
        }
        int rest = skipWhitespace(text, close + 1);
        if (rest < text.length()) {
            return new SyntaxError("unexpected text after the range", rest);
        }
        return new SyntaxError("not a valid OSGi version range (" + detail(text, refusal) + ")", start);
    }

    private static SyntaxError checkVersion(String text, int from, int to, String which) {
        String candidate = text.substring(from, to);
        try {
            Version.valueOf(candidate);
            return null;
        } catch (IllegalArgumentException e) {
            return new SyntaxError("invalid " + which + " (" + e.getMessage() + ")", skipWhitespace(text, from));
        }
    }

    /** Drops the OSGi prefix that repeats the whole range text, which our message already names. */
    private static String detail(String text, IllegalArgumentException refusal) {
        String message = String.valueOf(refusal.getMessage());
        String prefix = "invalid range \"" + text + "\": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static int indexOfAny(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ']' || c == ')') {
                return i;
            }
        }
        return -1;
    }

    private static int skipWhitespace(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
