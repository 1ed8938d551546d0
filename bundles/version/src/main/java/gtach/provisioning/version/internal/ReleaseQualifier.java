package gtach.provisioning.version.internal;

/**
 * Recognises the OSGi qualifiers that mark a release rather than a SemVer pre-release: the words
 * {@code RELEASE}, {@code FINAL} and {@code GA} in any case, and timestamps, an optional {@code v}
 * or {@code V}, a date {@code yyyyMMdd} (year 19xx or 20xx, month 01 to 12, day 01 to 31), up to
 * six more digits and optionally {@code -} and one to six digits: {@code 202109301733},
 * {@code v20210930-1200}, {@code 20240101}. Such qualifiers are how OSGi, Eclipse and Maven projects stamp their releases
 * ({@code org.osgi.service.event 1.4.1.202109301733}); their SemVer reading as a pre-release is an
 * accident of the mapping. {@code SNAPSHOT} and every other qualifier are not release qualifiers.
 *
 * <p>Hand-written rather than a regular expression: it runs inside every comparison of two
 * versions of one {@code major.minor.micro}. Stateless and thread-safe.
 */
public final class ReleaseQualifier {

    private static final int DATE_DIGITS = 8;
    private static final int MAX_MORE_DIGITS = 6;
    private static final int MAX_TIME_DIGITS = 6;

    private ReleaseQualifier() {
    }

    /**
     * Tells whether an OSGi qualifier marks a release, as described in the class documentation.
     *
     * @param qualifier the qualifier, possibly empty; not {@code null}
     * @return {@code true} for a release qualifier; {@code false} for the empty qualifier
     */
    public static boolean matches(String qualifier) {
        return qualifier.equalsIgnoreCase("RELEASE") || qualifier.equalsIgnoreCase("FINAL")
                || qualifier.equalsIgnoreCase("GA") || isTimestamp(qualifier);
    }

    private static boolean isTimestamp(String qualifier) {
        int length = qualifier.length();
        int pos = 0;
        if (pos < length && (qualifier.charAt(pos) == 'v' || qualifier.charAt(pos) == 'V')) {
            pos++;
        }
        int digits = digitsFrom(qualifier, pos);
        if (digits < DATE_DIGITS || digits > DATE_DIGITS + MAX_MORE_DIGITS || !isDate(qualifier, pos)) {
            return false;
        }
        pos += digits;
        if (pos == length) {
            return true;
        }
        if (qualifier.charAt(pos) != '-') {
            return false;
        }
        int time = digitsFrom(qualifier, pos + 1);
        return time >= 1 && time <= MAX_TIME_DIGITS && pos + 1 + time == length;
    }

    /** {@code yyyyMMdd} at {@code pos}, which holds at least eight digits. */
    private static boolean isDate(String text, int pos) {
        int century = twoDigits(text, pos);
        int month = twoDigits(text, pos + 4);
        int day = twoDigits(text, pos + 6);
        return (century == 19 || century == 20) && month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }

    private static int twoDigits(String text, int pos) {
        return (text.charAt(pos) - '0') * 10 + text.charAt(pos + 1) - '0';
    }

    private static int digitsFrom(String text, int pos) {
        int end = pos;
        while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
            end++;
        }
        return end - pos;
    }
}
