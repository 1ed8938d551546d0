package gtach.provisioning.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

/**
 * Generated checks of the strict reading of typed versions and ranges ({@link SemanticRange#parse},
 * {@link VersionText#parse}) against the two grammars it serves: every text that both the OSGi
 * implementation and SemVer refuse is refused with one message naming a position, everything
 * accepted is valid in one of them without leading zeros or whitespace, every valid text is
 * accepted, and a leading zero, an inverted range or an empty one is refused at its position.
 * The strict grammar is written here again as regular expressions, independently of the scanner.
 */
class StrictParsingProperties {

    private static final String NUMBER = "(0|[1-9][0-9]*)";
    private static final String OSGI_VERSION =
            NUMBER + "(\\." + NUMBER + "(\\." + NUMBER + "(\\.[A-Za-z0-9_-]+)?)?)?";
    private static final Pattern STRICT_OSGI_VERSION = Pattern.compile(OSGI_VERSION);
    private static final Pattern STRICT_OSGI_INTERVAL =
            Pattern.compile("[\\[(]" + OSGI_VERSION + "," + OSGI_VERSION + "[\\])]");
    private static final Pattern MESSAGE = Pattern.compile("(Invalid version|Invalid version range) \"(.*)\": "
            + "[^\\n]+ at character (\\d+)", Pattern.DOTALL);

    /** An OSGi version as typed: up to four parts, each number without leading zeros. */
    record OsgiSpec(int major, Integer minor, Integer micro, String qualifier) {

        /** The text, with a leading zero put before the number of part {@code zeroAt} (0 to 2), or none for -1. */
        String format(int zeroAt) {
            StringBuilder out = new StringBuilder();
            appendNumber(out, major, zeroAt == 0);
            if (minor != null) {
                appendNumber(out.append('.'), minor, zeroAt == 1);
                if (micro != null) {
                    appendNumber(out.append('.'), micro, zeroAt == 2);
                    if (qualifier != null) {
                        out.append('.').append(qualifier);
                    }
                }
            }
            return out.toString();
        }

        String format() {
            return format(-1);
        }

        int parts() {
            return minor == null ? 1 : micro == null ? 2 : 3;
        }

        /** The 0-based index of the number of a part in {@link #format()}. */
        int start(int part) {
            int index = 0;
            String[] pieces = format().split("\\.");
            for (int i = 0; i < part; i++) {
                index += pieces[i].length() + 1;
            }
            return index;
        }

        Version version() {
            return new Version(major, minor == null ? 0 : minor, micro == null ? 0 : micro,
                    qualifier == null ? "" : qualifier);
        }

        private static void appendNumber(StringBuilder out, int value, boolean leadingZero) {
            out.append(leadingZero ? "0" : "").append(value);
        }
    }

    /** An OSGi interval as typed. */
    record IntervalSpec(boolean leftOpen, OsgiSpec lower, OsgiSpec upper, boolean rightOpen) {

        String format() {
            return (leftOpen ? "(" : "[") + lower.format() + "," + upper.format() + (rightOpen ? ")" : "]");
        }

        boolean admitsSomething() {
            int order = VersionOrder.compare(lower.version(), upper.version());
            return order < 0 || order == 0 && !leftOpen && !rightOpen;
        }
    }

    // ---- ranges

    @Property(tries = 10000)
    void everyRangeBothGrammarsRefuseIsRefusedNamingAPosition(@ForAll("rangeTexts") String text) {
        Statistics.label("refused by OSGi and SemVer").collect(refusedByOsgiRange(text) && refusedBySemVer(text))
                .coverage(checker -> checker.check(true).percentage(p -> p > 30));
        if (looksLikeShorthand(text) || !refusedByOsgiRange(text) || !refusedBySemVer(text)) {
            return;
        }
        assertRefusedNamingAPosition(() -> SemanticRange.parse(text), "Invalid version range", text);
    }

    @Property(tries = 10000)
    void everyRangeAcceptedIsStrictOsgiOrSemVerAndMeansWhatItSays(@ForAll("rangeTexts") String text) {
        // Given
        SemanticRange range;
        try {
            range = SemanticRange.parse(text);
        } catch (IllegalArgumentException refused) {
            return;
        }
        Statistics.label("accepted").collect(true);
        if (looksLikeShorthand(text)) {
            return;
        }

        // Then: a SemVer version is exactly that version
        if (!refusedBySemVer(text)) {
            Version exact = SemanticVersion.parse(text).toOsgiVersion();
            assertThat(range.toOsgiRange()).isEqualTo(exactly(exact));
            return;
        }
        // otherwise OSGi reads it alike, and it is strict: no leading zeros, no whitespace, no sign
        assertThat(refusedByOsgiRange(text)).as(text).isFalse();
        if (STRICT_OSGI_INTERVAL.matcher(text).matches()) {
            assertThat(range.toOsgiRange()).isEqualTo(new VersionRange(text));
            assertThat(admitsSomething(range.toOsgiRange())).as(text).isTrue();
        } else {
            assertThat(STRICT_OSGI_VERSION.matcher(text).matches()).as(text).isTrue();
            assertThat(range.toOsgiRange()).isEqualTo(exactly(Version.parseVersion(text)));
        }
    }

    @Property(tries = 10000)
    void everyStrictRangeThatSomeVersionFitsIsAccepted(@ForAll("rangeTexts") String text) {
        // Given: the grammar written as a regular expression, and OSGi's reading
        boolean interval = STRICT_OSGI_INTERVAL.matcher(text).matches();
        boolean bare = STRICT_OSGI_VERSION.matcher(text).matches();
        if (!interval && !bare || refusedByOsgiRange(text)) {
            return;
        }
        VersionRange osgi = new VersionRange(text);
        Statistics.label("strict OSGi interval").collect(interval);

        // Then
        if (bare) {
            assertThat(SemanticRange.parse(text).toOsgiRange()).isEqualTo(exactly(osgi.getLeft()));
        } else if (admitsSomething(osgi)) {
            assertThat(SemanticRange.parse(text).toOsgiRange()).isEqualTo(osgi);
        } else {
            assertRefusedNamingAPosition(() -> SemanticRange.parse(text), "Invalid version range", text);
        }
    }

    @Property(tries = 10000)
    void intervalsAreAcceptedExactlyWhenSomeVersionFits(@ForAll("intervals") IntervalSpec spec) {
        // Given
        String text = spec.format();
        Statistics.label("some version fits").collect(spec.admitsSomething())
                .coverage(checker -> {
                    checker.check(true).percentage(p -> p > 30);
                    checker.check(false).percentage(p -> p > 10);
                });

        // Then
        if (spec.admitsSomething()) {
            SemanticRange range = SemanticRange.parse(text);
            assertThat(range.toOsgiRange()).isEqualTo(new VersionRange(text));
            assertThat(range.admits(spec.lower().version(), true)).isEqualTo(!spec.leftOpen());
            assertThat(range.admits(spec.upper().version(), true)).isEqualTo(!spec.rightOpen());
            return;
        }
        int order = VersionOrder.compare(spec.lower().version(), spec.upper().version());
        int upperStart = 1 + spec.lower().format().length() + 1;
        int expected = order > 0 ? upperStart : spec.leftOpen() ? 0 : text.length() - 1;
        assertThatThrownBy(() -> SemanticRange.parse(text))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid version range \"" + text + "\": ")
                .hasMessageContaining("so no version fits")
                .hasMessageEndingWith(" at character " + (expected + 1));
    }

    @Property(tries = 10000)
    void aLeadingZeroInABoundIsRefusedAtItsPosition(@ForAll("intervals") IntervalSpec spec,
            @ForAll boolean inUpper, @ForAll("parts") int part) {
        // Given: one number of one bound written with a leading zero
        OsgiSpec bound = inUpper ? spec.upper() : spec.lower();
        int zeroAt = part % bound.parts();
        String lower = inUpper ? spec.lower().format() : spec.lower().format(zeroAt);
        String upper = inUpper ? spec.upper().format(zeroAt) : spec.upper().format();
        String text = (spec.leftOpen() ? "(" : "[") + lower + "," + upper + (spec.rightOpen() ? ")" : "]");
        int index = (inUpper ? 1 + spec.lower().format().length() + 1 : 1) + bound.start(zeroAt);

        // Then
        assertThatThrownBy(() -> SemanticRange.parse(text))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has a leading zero at character " + (index + 1))
                .hasMessageStartingWith("Invalid version range \"" + text + "\": numeric identifier \"0");
    }

    // ---- single versions

    @Property(tries = 10000)
    void everyVersionBothGrammarsRefuseIsRefusedNamingAPosition(@ForAll("versionTexts") String text) {
        Statistics.label("refused by OSGi and SemVer").collect(refusedByOsgiVersion(text) && refusedBySemVer(text))
                .coverage(checker -> checker.check(true).percentage(p -> p > 30));
        if (refusedByOsgiVersion(text) && refusedBySemVer(text)) {
            assertRefusedNamingAPosition(() -> VersionText.parse(text), "Invalid version", text);
        }
    }

    @Property(tries = 10000)
    void everyVersionAcceptedIsStrictOsgiOrSemVer(@ForAll("versionTexts") String text) {
        // Given
        Version version;
        try {
            version = VersionText.parse(text);
        } catch (IllegalArgumentException refused) {
            boolean strictOsgi = STRICT_OSGI_VERSION.matcher(text).matches() && !refusedByOsgiVersion(text);
            assertThat(strictOsgi || !refusedBySemVer(text)).as("refused valid %s", text).isFalse();
            return;
        }
        Statistics.label("accepted").collect(true);

        // Then
        if (!refusedBySemVer(text)) {
            assertThat(version).isEqualTo(SemanticVersion.parse(text).toOsgiVersion());
        } else {
            assertThat(STRICT_OSGI_VERSION.matcher(text).matches()).as(text).isTrue();
            assertThat(version).isEqualTo(Version.parseVersion(text));
        }
    }

    @Property(tries = 10000)
    void aLeadingZeroInAVersionIsRefusedAtItsPosition(@ForAll("osgiSpecs") OsgiSpec spec, @ForAll("parts") int part) {
        // Given
        int zeroAt = part % spec.parts();
        String text = spec.format(zeroAt);

        // Then
        assertThatThrownBy(() -> VersionText.parse(text))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid version \"" + text + "\": numeric identifier \"0")
                .hasMessageEndingWith("has a leading zero at character " + (spec.start(zeroAt) + 1));
    }

    @Property(tries = 10000)
    void whatIsDisplayedReadsBackAsTheSameVersion(@ForAll("displayable") Version version) {
        // When
        String shown = VersionText.display(version);

        // Then: SemVer text exactly for the versions the order reads as SemVer
        assertThat(VersionText.parse(shown)).isEqualTo(version);
        assertThat(shown.equals(version.toString())).isEqualTo(VersionOrder.reading(version)
                .map(reading -> reading.toString().equals(version.toString())).orElse(true));
    }

    // ---- generators

    @Provide
    Arbitrary<Integer> parts() {
        return Arbitraries.integers().between(0, 2);
    }

    @Provide
    Arbitrary<OsgiSpec> osgiSpecs() {
        return osgiSpecArbitrary();
    }

    @Provide
    Arbitrary<IntervalSpec> intervals() {
        // bounds from a small space, so that equal and inverted bounds are common
        Arbitrary<Integer> small = Arbitraries.integers().between(0, 2);
        Arbitrary<Integer> optionalSmall = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(null)),
                Tuple.of(3, small));
        Arbitrary<String> qualifier = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(null)),
                Tuple.of(1, Arbitraries.of("rc_1", "SNAPSHOT", "202109301733", "Final", "rc_01", "__b", "x")));
        Arbitrary<OsgiSpec> bound = Combinators.combine(small, optionalSmall, small, qualifier)
                .as((major, minor, micro, q) -> minor == null ? new OsgiSpec(major, null, null, null)
                        : new OsgiSpec(major, minor, micro, q));
        return Combinators.combine(Arbitraries.of(true, false), bound, bound, Arbitraries.of(true, false))
                .as(IntervalSpec::new);
    }

    @Provide
    Arbitrary<String> rangeTexts() {
        Arbitrary<String> valid = Arbitraries.oneOf(
                intervals().map(IntervalSpec::format),
                osgiSpecArbitrary().map(OsgiSpec::format),
                SemanticVersionProperties.specArbitrary().map(SemanticVersionProperties.Spec::format),
                Arbitraries.of("^1.2", "~1.2.3", "1.x", "*", "[1.0.0.202109301733,2)"));
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789.,[]()-+ _aqx^~").ofMaxLength(16),
                mutated(valid),
                valid);
    }

    @Provide
    Arbitrary<String> versionTexts() {
        Arbitrary<String> valid = Arbitraries.oneOf(
                osgiSpecArbitrary().map(OsgiSpec::format),
                SemanticVersionProperties.specArbitrary().map(SemanticVersionProperties.Spec::format));
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789.-+ _aZ").ofMaxLength(16),
                Arbitraries.strings().ofMaxLength(12),
                mutated(valid),
                valid);
    }

    @Provide
    Arbitrary<Version> displayable() {
        Arbitrary<Version> semantic = SemanticVersionProperties.versionArbitrary().map(SemanticVersion::toOsgiVersion);
        return Arbitraries.oneOf(semantic, osgiSpecArbitrary().map(OsgiSpec::version));
    }

    private static Arbitrary<OsgiSpec> osgiSpecArbitrary() {
        Arbitrary<Integer> number = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0, 20)),
                Tuple.of(1, Arbitraries.integers().between(0, Integer.MAX_VALUE)));
        Arbitrary<String> qualifier = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(null)),
                Tuple.of(2, Arbitraries.strings().withChars("09azAZ_-").ofMinLength(1).ofMaxLength(8)),
                Tuple.of(1, Arbitraries.of("202109301733", "v20210930-1200", "RELEASE", "rc_1", "SNAPSHOT", "__b_1")));
        return Combinators.combine(number, number, number, qualifier, Arbitraries.integers().between(1, 4))
                .as((major, minor, micro, q, parts) -> new OsgiSpec(major, parts >= 2 ? minor : null,
                        parts >= 3 ? micro : null, parts >= 4 ? (q == null ? "q" : q) : null));
    }

    /** A valid text with one character inserted, deleted or replaced. */
    private static Arbitrary<String> mutated(Arbitrary<String> valid) {
        Arbitrary<Character> character = Arbitraries.of('0', '1', '.', ',', '[', ']', '(', ')', '-', '+', '_', 'x', ' ',
                '\t', '\u00e9', 'a');
        return Combinators.combine(valid, Arbitraries.integers().between(0, 1000), character, Arbitraries.integers().between(0, 2))
                .as((text, at, c, kind) -> {
                    int index = text.isEmpty() ? 0 : at % (text.length() + (kind == 0 ? 1 : 0));
                    if (kind == 0 || text.isEmpty()) {
                        return text.substring(0, index) + c + text.substring(index);
                    }
                    index = Math.min(index, text.length() - 1);
                    return text.substring(0, index) + (kind == 1 ? "" : String.valueOf(c)) + text.substring(index + 1);
                });
    }

    // ---- oracles

    private static void assertRefusedNamingAPosition(Runnable parse, String subject, String text) {
        Throwable thrown = catchThrowable(parse::run);
        assertThat(thrown).as("refused: %s", text).isExactlyInstanceOf(IllegalArgumentException.class);
        Matcher message = MESSAGE.matcher(thrown.getMessage());
        assertThat(message.matches()).as(thrown.getMessage()).isTrue();
        assertThat(message.group(1)).isEqualTo(subject);
        assertThat(message.group(2)).isEqualTo(text);
        int position = Integer.parseInt(message.group(3));
        assertThat(position).as(thrown.getMessage()).isBetween(1, text.codePointCount(0, text.length()) + 1);
    }

    private static boolean refusedByOsgiRange(String text) {
        try {
            new VersionRange(text);
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static boolean refusedByOsgiVersion(String text) {
        try {
            Version.parseVersion(text);
            return text.isBlank();
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static boolean refusedBySemVer(String text) {
        try {
            SemanticVersion.parse(text);
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /** Loosely: anything that might be a caret, tilde or wildcard range, which other properties check. */
    private static boolean looksLikeShorthand(String text) {
        if (text.startsWith("^") || text.startsWith("~")) {
            return true;
        }
        String[] parts = text.split("\\.", 4);
        for (int i = 0; i < Math.min(3, parts.length); i++) {
            if (!parts[i].isEmpty() && "xX*".indexOf(parts[i].charAt(0)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static VersionRange exactly(Version version) {
        return new VersionRange(VersionRange.LEFT_CLOSED, version, version, VersionRange.RIGHT_CLOSED);
    }

    private static boolean admitsSomething(VersionRange range) {
        int order = VersionOrder.compare(range.getLeft(), range.getRight());
        return order < 0 || order == 0 && range.getLeftType() == VersionRange.LEFT_CLOSED
                && range.getRightType() == VersionRange.RIGHT_CLOSED;
    }
}
