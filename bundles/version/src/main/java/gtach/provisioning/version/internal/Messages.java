package gtach.provisioning.version.internal;

/**
 * Builds the human-readable parts of error messages: quoted input, character descriptions and
 * 1-based character positions. Stateless and thread-safe.
 */
public final class Messages {

    /** Texts longer than this are cut in messages so that huge inputs cannot bloat them. */
    static final int MAX_QUOTED_LENGTH = 256;

    private Messages() {
    }

    /**
     * Formats {@code <subject> "<text>": <problem> at character <n>}.
     *
     * @param subject what was being read, e.g. {@code "Invalid semantic version"}; not {@code null}
     * @param text the whole text the error's index refers to; not {@code null}
     * @param error the problem and its index; not {@code null}
     * @return the message
     */
    public static String format(String subject, String text, SyntaxError error) {
        return format(subject, text, "", error);
    }

    /**
     * Formats {@code <subject> "<text>"<context>: <problem> at character <n>}, for messages such
     * as {@code Cannot map OSGi version "1.0.0._x" to a semantic version: ...}.
     *
     * @param subject the words before the quoted text; not {@code null}
     * @param text the whole text the error's index refers to; not {@code null}
     * @param context the words between the quoted text and the colon, possibly empty; not
     *     {@code null}
     * @param error the problem and its index; not {@code null}
     * @return the message
     */
    public static String format(String subject, String text, String context, SyntaxError error) {
        return subject + " " + quote(text) + context + ": " + error.problem()
                + " at character " + characterPosition(text, error.index());
    }

    /**
     * Puts a text in double quotes, shortened when it is longer than 256 characters.
     *
     * @param text the text; not {@code null}
     * @return the quoted, possibly shortened text
     */
    public static String quote(String text) {
        return "\"" + abbreviate(text) + "\"";
    }

    /**
     * Returns the text unchanged, or its first 256 characters followed by {@code "..."} and the
     * full length when it is longer.
     *
     * @param text the text; not {@code null}
     * @return the possibly shortened text
     */
    public static String abbreviate(String text) {
        if (text.length() <= MAX_QUOTED_LENGTH) {
            return text;
        }
        int cut = MAX_QUOTED_LENGTH;
        // never split a surrogate pair, the message must stay valid UTF-16
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, cut) + "... (" + text.length() + " characters)";
    }

    /**
     * Converts a 0-based UTF-16 index into a 1-based position counted in code points, which is
     * what a person counting characters sees.
     *
     * @param text the text; not {@code null}
     * @param index the index; values beyond the end are clamped to the end
     * @return the 1-based position
     */
    public static int characterPosition(String text, int index) {
        int clamped = Math.max(0, Math.min(index, text.length()));
        return text.codePointCount(0, clamped) + 1;
    }

    /**
     * Describes one code point for a message: {@code 'v'} for visible ASCII, {@code 'α' (U+03B1)}
     * for other visible characters and just {@code U+0009} for invisible ones.
     *
     * @param codePoint any int; invalid code points are described by their number
     * @return the description
     */
    public static String describe(int codePoint) {
        if (codePoint > 0x20 && codePoint < 0x7F) {
            return "'" + (char) codePoint + "'";
        }
        String number = String.format("U+%04X", codePoint);
        if (!isVisible(codePoint)) {
            return number;
        }
        return "'" + new String(Character.toChars(codePoint)) + "' (" + number + ")";
    }

    /**
     * Tells whether a code point is whitespace in the wide sense (Java whitespace or a Unicode
     * space separator such as the no-break space).
     *
     * @param codePoint any int
     * @return {@code true} for whitespace
     */
    public static boolean isWhitespace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    private static boolean isVisible(int codePoint) {
        if (!Character.isValidCodePoint(codePoint) || !Character.isDefined(codePoint)) {
            return false;
        }
        if (isWhitespace(codePoint)) {
            return false;
        }
        switch (Character.getType(codePoint)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
                return false;
            default:
                return true;
        }
    }
}
