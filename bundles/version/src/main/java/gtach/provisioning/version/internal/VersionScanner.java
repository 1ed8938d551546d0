package gtach.provisioning.version.internal;

import java.util.Arrays;

import org.osgi.framework.Version;

/**
 * A hand-written, single-pass scanner for SemVer 2.0.0 text and its pieces.
 *
 * <p>It reads from a start index to the end of a text and reports problems as
 * {@link SyntaxError}s carrying the index of the offending character. The building blocks
 * ({@link #number}, {@link #dotOrEnd}, {@link #finishVersion}...) are public so that the range
 * parser can read partial versions such as {@code ^1.2} with the same rules and messages.
 *
 * <p>No regular expressions and no intermediate strings besides the identifiers themselves:
 * parsing is on the hot path of version handling. Instances are mutable (they hold the current
 * position) and must not be shared between threads; create one per text.
 */
public final class VersionScanner {

    /** Shared empty identifier list; arrays handed out are never modified, so sharing is safe. */
    static final String[] NO_IDENTIFIERS = new String[0];

    private static final String LARGEST_NUMBER =
            " is larger than 2147483647, the largest number an OSGi version allows,";

    private final String text;
    private final int end;
    private int pos;

    /**
     * Creates a scanner over {@code text}, starting at {@code start}.
     *
     * @param text the text; not {@code null}
     * @param start the 0-based index of the first character to read, {@code <= text.length()}
     */
    public VersionScanner(String text, int start) {
        this.text = text;
        this.end = text.length();
        this.pos = start;
    }

    /**
     * Reads a complete {@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]} that must extend to the end
     * of the text.
     *
     * @return the parts
     * @throws SyntaxError if the text is not a valid semantic version from the start index on
     */
    public ParsedVersion version() {
        int major = number("major version");
        expectDot("major version", "minor version");
        int minor = number("minor version");
        expectDot("minor version", "patch version");
        int patch = number("patch version");
        return finishVersion(major, minor, patch);
    }

    /**
     * Reads the optional {@code -PRERELEASE} and {@code +BUILD} parts after a patch version and
     * requires the end of the text afterwards.
     *
     * @param major the major version already read
     * @param minor the minor version already read
     * @param patch the patch version already read
     * @return the complete parts
     * @throws SyntaxError on an invalid identifier or unexpected trailing text
     */
    public ParsedVersion finishVersion(int major, int minor, int patch) {
        String[] preRelease = NO_IDENTIFIERS;
        String[] build = NO_IDENTIFIERS;
        if (consumeIf('-')) {
            preRelease = identifiers(true, '.');
        }
        if (consumeIf('+')) {
            build = identifiers(false, '.');
        }
        if (pos != end) {
            throw unexpected("'-', '+' or the end of the text after the patch version", pos);
        }
        return new ParsedVersion(major, minor, patch, preRelease, build);
    }

    /**
     * Reads the identifiers of an OSGi qualifier written by the SemVer-to-OSGi mapping:
     * pre-release identifiers separated by {@code _}, then optionally {@code __} and build
     * identifiers separated by {@code _}; the qualifier may also start with {@code __} when there
     * is no pre-release. The qualifier must extend to the end of the text.
     *
     * @param major the major version of the OSGi version
     * @param minor the minor version of the OSGi version
     * @param patch the micro version of the OSGi version
     * @return the parts
     * @throws SyntaxError if the qualifier does not map to SemVer identifiers
     */
    public ParsedVersion osgiQualifier(int major, int minor, int patch) {
        String[] preRelease = NO_IDENTIFIERS;
        if (!text.startsWith("__", pos)) {
            preRelease = identifiers(true, '_');
        }
        String[] build = NO_IDENTIFIERS;
        if (pos != end) {
            // the pre-release scan only stops early at the "__" build separator
            pos += 2;
            build = identifiers(false, '_');
        }
        return new ParsedVersion(major, minor, patch, preRelease, build);
    }

    /**
     * Reads a version as a person types it, to the end of the text: an OSGi version
     * {@code MAJOR[.MINOR[.MICRO[.QUALIFIER]]]} or a SemVer version
     * {@code MAJOR.MINOR.PATCH-PRERELEASE[+BUILD]} / {@code MAJOR.MINOR.PATCH+BUILD}, mapped to OSGi.
     * Strict in both forms: no whitespace, no sign, no leading zeros in numbers.
     *
     * @return the OSGi version
     * @throws SyntaxError if the text is neither form from the start index on
     */
    public Version typedVersion() {
        int major = number("major version");
        if (!dotOrEnd("major version")) {
            return new Version(major, 0, 0);
        }
        int minor = number("minor version");
        if (!dotOrEnd("minor version")) {
            return new Version(major, minor, 0);
        }
        int patch = number("patch version");
        if (pos == end) {
            return new Version(major, minor, patch);
        }
        char c = text.charAt(pos);
        if (c == '.') {
            pos++;
            return new Version(major, minor, patch, qualifier("", "the end of the text"));
        }
        if (c == '-' || c == '+') {
            ParsedVersion parts = finishVersion(major, minor, patch);
            return OsgiMapping.toOsgiVersion(major, minor, patch, parts.preRelease(), parts.build());
        }
        throw unexpected("'.', '-', '+' or the end of the text after the patch version", pos);
    }

    /**
     * Reads an OSGi version {@code MAJOR[.MINOR[.MICRO[.QUALIFIER]]]} that one of the given characters
     * ends, such as a bound of an OSGi range; the terminating character is not consumed. Strict: no
     * whitespace, no sign, no leading zeros in numbers.
     *
     * @param what the name of the version for messages, e.g. {@code "lower bound"}
     * @param terminators the characters that may end it, e.g. {@code ","}
     * @param terminatorText how to name them in messages, e.g. {@code "','"}
     * @return the version
     * @throws SyntaxError at the first character that does not fit
     */
    public Version osgiVersion(String what, String terminators, String terminatorText) {
        int[] parts = new int[3];
        String[] names = {"major version", "minor version", "micro version"};
        for (int i = 0; i < 3; i++) {
            String name = names[i] + " of the " + what;
            parts[i] = number(name);
            if (pos < end && text.charAt(pos) == '.') {
                pos++;
            } else if (pos < end && terminators.indexOf(text.charAt(pos)) >= 0) {
                return new Version(parts[0], parts[1], parts[2]);
            } else {
                throw unexpected("'.' or " + terminatorText + " after the " + name, pos);
            }
        }
        return new Version(parts[0], parts[1], parts[2], qualifier(terminators, terminatorText));
    }

    /** An OSGi qualifier, {@code [0-9A-Za-z_-]+}, up to the end of the text or a terminator. */
    private String qualifier(String terminators, String terminatorText) {
        int start = pos;
        while (pos < end) {
            char c = text.charAt(pos);
            if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-') {
                pos++;
            } else if (terminators.indexOf(c) >= 0) {
                break;
            } else if (pos == start) {
                throw unexpected("the qualifier", pos);
            } else {
                int codePoint = text.codePointAt(pos);
                if (Messages.isWhitespace(codePoint)) {
                    throw new SyntaxError("whitespace is not allowed", pos);
                }
                throw new SyntaxError("the qualifier contains " + Messages.describe(codePoint)
                        + ", only [0-9A-Za-z_-] are allowed,", pos);
            }
        }
        if (pos == start) {
            throw unexpected("the qualifier", pos);
        }
        if (pos == end && !terminators.isEmpty()) {
            throw unexpected(terminatorText + " after the qualifier", pos);
        }
        return text.substring(start, pos);
    }

    /**
     * Consumes the given character, which must come next.
     *
     * @param c the character
     * @param expectation what is expected, for messages
     * @throws SyntaxError if something else comes next
     */
    public void expect(char c, String expectation) {
        if (!consumeIf(c)) {
            throw unexpected(expectation, pos);
        }
    }

    /**
     * Reads a decimal number without leading zeros that fits into an OSGi version component.
     *
     * @param what the name of the number for messages, e.g. {@code "major version"}
     * @return the value, between 0 and {@link Integer#MAX_VALUE}
     * @throws SyntaxError if there is no digit, a leading zero or a value above
     *     {@link Integer#MAX_VALUE}
     */
    public int number(String what) {
        int start = pos;
        long value = 0;
        while (pos < end) {
            char c = text.charAt(pos);
            if (c < '0' || c > '9') {
                break;
            }
            // stop accumulating once too large: the long can then never overflow
            if (value <= Integer.MAX_VALUE) {
                value = value * 10 + (c - '0');
            }
            pos++;
        }
        if (pos == start) {
            throw unexpected("the " + what, start);
        }
        if (pos - start > 1 && text.charAt(start) == '0') {
            throw leadingZero(start);
        }
        if (value > Integer.MAX_VALUE) {
            String digits = Messages.abbreviate(text.substring(start, pos));
            throw new SyntaxError(what + " " + digits + LARGEST_NUMBER, start);
        }
        return (int) value;
    }

    /**
     * Consumes a {@code '.'} or accepts the end of the text.
     *
     * @param after the name of what was just read, for messages
     * @return {@code true} if a dot was consumed, {@code false} at the end of the text
     * @throws SyntaxError if anything else follows
     */
    public boolean dotOrEnd(String after) {
        if (pos == end) {
            return false;
        }
        if (text.charAt(pos) == '.') {
            pos++;
            return true;
        }
        throw unexpected("'.' or the end of the text after the " + after, pos);
    }

    /**
     * Consumes a {@code '.'} that must be there.
     *
     * @param after the name of what was just read, for messages
     * @param next the name of what must follow the dot, for messages
     * @throws SyntaxError if the next character is not a dot
     */
    public void expectDot(String after, String next) {
        if (pos < end && text.charAt(pos) == '.') {
            pos++;
            return;
        }
        throw unexpected("'.' and the " + next + " after the " + after, pos);
    }

    /**
     * Requires the end of the text.
     *
     * @param expectation what is expected instead of more text, for messages
     * @throws SyntaxError if characters remain
     */
    public void expectEnd(String expectation) {
        if (pos != end) {
            throw unexpected(expectation, pos);
        }
    }

    /**
     * Consumes a wildcard character ({@code x}, {@code X} or {@code *}) if one comes next.
     *
     * @return {@code true} if a wildcard was consumed
     */
    public boolean wildcard() {
        if (pos < end && isWildcard(text.charAt(pos))) {
            pos++;
            return true;
        }
        return false;
    }

    /**
     * Returns the current 0-based position.
     *
     * @return the index of the next character to read
     */
    public int position() {
        return pos;
    }

    /**
     * Creates the error for an unexpected character (or end of text) at {@code index}.
     *
     * @param expectation what was expected there, e.g. {@code "the major version"}
     * @param index the 0-based index of the unexpected character
     * @return the error, to be thrown by the caller
     */
    public SyntaxError unexpected(String expectation, int index) {
        if (index >= end) {
            return new SyntaxError("expected " + expectation + " but found the end of the text", index);
        }
        int codePoint = text.codePointAt(index);
        if (Messages.isWhitespace(codePoint)) {
            return new SyntaxError("whitespace is not allowed", index);
        }
        return new SyntaxError("expected " + expectation + " but found " + Messages.describe(codePoint), index);
    }

    /**
     * Tells whether {@code c} is one of the wildcard characters {@code x}, {@code X}, {@code *}.
     *
     * @param c any character
     * @return {@code true} for a wildcard
     */
    public static boolean isWildcard(char c) {
        return c == 'x' || c == 'X' || c == '*';
    }

    private String[] identifiers(boolean preRelease, char separator) {
        String kind = preRelease ? "pre-release" : "build";
        String[] found = new String[4];
        int count = 0;
        while (true) {
            int start = pos;
            boolean numeric = true;
            while (pos < end) {
                char c = text.charAt(pos);
                if (c >= '0' && c <= '9') {
                    pos++;
                } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-') {
                    numeric = false;
                    pos++;
                } else {
                    break;
                }
            }
            if (pos == start) {
                if (pos < end && !endsIdentifier(text.charAt(pos), preRelease, separator)) {
                    throw invalidCharacter(kind, pos);
                }
                throw new SyntaxError("empty " + kind + " identifier", start);
            }
            // SemVer forbids leading zeros only in numeric pre-release identifiers, not in build
            if (preRelease && numeric && pos - start > 1 && text.charAt(start) == '0') {
                throw leadingZero(start);
            }
            if (count == found.length) {
                found = Arrays.copyOf(found, count * 2);
            }
            found[count++] = text.substring(start, pos);
            if (pos == end) {
                break;
            }
            char c = text.charAt(pos);
            if (c == separator) {
                if (separator == '_' && preRelease && pos + 1 < end && text.charAt(pos + 1) == '_') {
                    break;
                }
                pos++;
            } else if (preRelease && separator == '.' && c == '+') {
                break;
            } else {
                throw invalidCharacter(kind, pos);
            }
        }
        return count == found.length ? found : Arrays.copyOf(found, count);
    }

    private static boolean endsIdentifier(char c, boolean preRelease, char separator) {
        return c == separator || (preRelease && separator == '.' && c == '+');
    }

    private SyntaxError invalidCharacter(String kind, int index) {
        int codePoint = text.codePointAt(index);
        if (Messages.isWhitespace(codePoint)) {
            return new SyntaxError("whitespace is not allowed", index);
        }
        return new SyntaxError(kind + " identifier contains " + Messages.describe(codePoint)
                + ", only [0-9A-Za-z-] are allowed,", index);
    }

    private SyntaxError leadingZero(int start) {
        int stop = start;
        while (stop < end && text.charAt(stop) >= '0' && text.charAt(stop) <= '9') {
            stop++;
        }
        String digits = Messages.abbreviate(text.substring(start, stop));
        return new SyntaxError("numeric identifier \"" + digits + "\" has a leading zero", start);
    }

    private boolean consumeIf(char c) {
        if (pos < end && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }
}
