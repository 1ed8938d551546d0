package gtach.provisioning.version.internal;

import gtach.provisioning.version.VersionOrder;

import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

/**
 * Reads version ranges in OSGi syntax or in the shorthands {@code ^1.2.3}, {@code ~1.2.3} and
 * {@code 1.2.x}, producing an OSGi {@link VersionRange}. Stateless and thread-safe.
 *
 * <p>Everything is strict like SemVer: no whitespace, no sign, no leading zeros in numbers, and an
 * OSGi range that no version could satisfy ({@code [2,1]}, {@code [1.0.0,1.0.0)}) is refused. A
 * bare version, in OSGi or SemVer form, is exactly that version, not OSGi's "at least". Every
 * text {@link VersionRange} refuses is refused here too, with the position of the problem.
 */
public final class RangeParser {

    private static final String[] COMPONENT_NAMES = {"major version", "minor version", "patch version"};

    private RangeParser() {
    }

    /**
     * Parses a range.
     *
     * @param text the range text; not {@code null}
     * @return the OSGi range
     * @throws SyntaxError if the text is not a valid range; its index refers to {@code text}
     */
    public static VersionRange parse(String text) {
        if (text.isEmpty()) {
            throw new SyntaxError("expected a version range but found the end of the text", 0);
        }
        if (text.isBlank()) {
            throw new SyntaxError("expected a version range but found only whitespace", 0);
        }
        char first = text.charAt(0);
        if (first == '^') {
            return shorthand(text, true);
        }
        if (first == '~') {
            return shorthand(text, false);
        }
        if (hasWildcardComponent(text)) {
            return wildcard(text);
        }
        return osgi(text);
    }

    private static VersionRange shorthand(String text, boolean caret) {
        VersionScanner scanner = new VersionScanner(text, 1);
        int[] values = new int[3];
        int[] starts = new int[3];
        int parts = 0;
        ParsedVersion full = null;
        while (parts < 3) {
            starts[parts] = scanner.position();
            values[parts] = scanner.number(COMPONENT_NAMES[parts]);
            parts++;
            if (parts == 3) {
                // only a complete version may carry a pre-release or build metadata
                full = scanner.finishVersion(values[0], values[1], values[2]);
            } else if (!scanner.dotOrEnd(COMPONENT_NAMES[parts - 1])) {
                break;
            }
        }
        Version lower = full == null
                ? new Version(values[0], values[1], values[2])
                : OsgiMapping.toOsgiVersion(values[0], values[1], values[2], full.preRelease(), full.build());
        int bumped = caret ? caretComponent(values, parts) : tildeComponent(parts);
        Version upper = bump(values, starts, bumped);
        return new VersionRange(VersionRange.LEFT_CLOSED, lower, upper, VersionRange.RIGHT_OPEN);
    }

    /** The caret allows changes right of the leftmost non-zero given component (npm rules). */
    private static int caretComponent(int[] values, int parts) {
        for (int i = 0; i < parts - 1; i++) {
            if (values[i] != 0) {
                return i;
            }
        }
        return parts - 1;
    }

    /** The tilde allows patch changes, or minor ones when only the major version is given. */
    private static int tildeComponent(int parts) {
        return parts == 1 ? 0 : 1;
    }

    private static VersionRange wildcard(String text) {
        VersionScanner scanner = new VersionScanner(text, 0);
        int[] values = new int[3];
        int[] starts = new int[3];
        int fixed = 0;
        boolean seenWildcard = false;
        for (int part = 0; part < 3; part++) {
            int start = scanner.position();
            if (scanner.wildcard()) {
                seenWildcard = true;
            } else if (seenWildcard) {
                throw scanner.unexpected("a wildcard ('x', 'X' or '*') after a wildcard", start);
            } else {
                starts[part] = start;
                values[part] = scanner.number(COMPONENT_NAMES[part]);
                fixed++;
            }
            if (part == 2) {
                scanner.expectEnd("the end of the text after the patch component");
            } else if (!scanner.dotOrEnd(seenWildcard ? "wildcard" : COMPONENT_NAMES[part])) {
                break;
            }
        }
        if (!seenWildcard) {
            throw new SyntaxError("a complete version is not a wildcard range", 0);
        }
        if (fixed == 0) {
            return new VersionRange(VersionRange.LEFT_CLOSED, Version.emptyVersion, null, VersionRange.RIGHT_OPEN);
        }
        Version lower = new Version(values[0], values[1], 0);
        return new VersionRange(VersionRange.LEFT_CLOSED, lower, bump(values, starts, fixed - 1),
                VersionRange.RIGHT_OPEN);
    }

    /** Keeps the components left of {@code index}, increments it and zeroes the rest. */
    private static Version bump(int[] values, int[] starts, int index) {
        if (values[index] == Integer.MAX_VALUE) {
            throw new SyntaxError("the upper bound would need " + COMPONENT_NAMES[index] + " 2147483648,"
                    + " which is larger than 2147483647, the largest number an OSGi version allows,",
                    starts[index]);
        }
        int major = index == 0 ? values[0] + 1 : values[0];
        int minor = index == 1 ? values[1] + 1 : index > 1 ? values[1] : 0;
        int patch = index == 2 ? values[2] + 1 : 0;
        return new Version(major, minor, patch);
    }

    /**
     * A wildcard component is an x, X or * standing alone among the first three dot-separated
     * components; a fourth component is an OSGi qualifier, where "x" is an ordinary word.
     */
    private static boolean hasWildcardComponent(String text) {
        int length = text.length();
        int component = 0;
        for (int i = 0; i < length && component < 3; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                component++;
            } else if ((i == 0 || text.charAt(i - 1) == '.') && VersionScanner.isWildcard(c)) {
                if (i + 1 == length || text.charAt(i + 1) == '.' || Messages.isWhitespace(text.charAt(i + 1))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static VersionRange osgi(String text) {
        char first = text.charAt(0);
        if (first == '[' || first == '(') {
            return interval(text);
        }
        // A bare version names that version: a person typing "1.2" does not mean OSGi's "1.2 or later".
        Version exact = new VersionScanner(text, 0).typedVersion();
        return new VersionRange(VersionRange.LEFT_CLOSED, exact, exact, VersionRange.RIGHT_CLOSED);
    }

    private static VersionRange interval(String text) {
        VersionScanner scanner = new VersionScanner(text, 1);
        Version lower = scanner.osgiVersion("lower bound", ",", "','");
        scanner.expect(',', "',' after the lower bound");
        int upperStart = scanner.position();
        Version upper = scanner.osgiVersion("upper bound", "])", "the closing ']' or ')'");
        int close = scanner.position();
        char last = text.charAt(close);
        scanner.expect(last, "']' or ')' after the upper bound");
        scanner.expectEnd("the end of the text after the range");
        boolean leftOpen = text.charAt(0) == '(';
        boolean rightOpen = last == ')';
        // Empty by the order GTach picks versions in, so that what is refused is what could never be chosen.
        int order = VersionOrder.compare(lower, upper);
        if (order > 0) {
            throw new SyntaxError("the upper bound " + text.substring(upperStart, close) + " is below the lower bound "
                    + text.substring(1, upperStart - 1) + ", so no version fits,", upperStart);
        }
        if (order == 0 && (leftOpen || rightOpen)) {
            throw new SyntaxError("both bounds are " + lower + " and '" + (leftOpen ? '(' : ')')
                    + "' excludes it, so no version fits (" + lower + " alone means exactly that version),",
                    leftOpen ? 0 : close);
        }
        return new VersionRange(leftOpen ? VersionRange.LEFT_OPEN : VersionRange.LEFT_CLOSED, lower, upper,
                rightOpen ? VersionRange.RIGHT_OPEN : VersionRange.RIGHT_CLOSED);
    }
}
