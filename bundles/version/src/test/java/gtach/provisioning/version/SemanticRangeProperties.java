package gtach.provisioning.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SemanticRangeProperties {

    @Property(tries = 10000)
    void caretIncludesItsVersionAndExcludesTheNextMajor(@ForAll("versions") SemanticVersion version) {
        // Given: the component the caret bumps, per the npm rules; a pre-release that maps to a release
        // qualifier (1.0.0-20240101) makes a lower bound just above 1.0.0, as VersionOrder documents
        Assume.that(VersionOrder.isPreRelease(version.toOsgiVersion()) == version.isPreRelease());
        int bumped = version.major() > 0 ? version.major() : version.minor() > 0 ? version.minor() : version.patch();

        // Then
        if (bumped == Integer.MAX_VALUE) {
            assertThatThrownBy(() -> SemanticRange.parse("^" + version))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is larger than 2147483647");
            return;
        }
        SemanticRange range = SemanticRange.parse("^" + version);
        assertThat(range.includes(version)).isTrue();
        assertThat(range.includes(version, true)).isTrue();
        if (version.major() > 0) {
            SemanticVersion nextMajor = SemanticVersion.of(version.major() + 1, 0, 0);
            assertThat(range.includes(nextMajor)).isFalse();
            assertThat(range.includes(nextMajor, true)).isFalse();
            SemanticVersion lastOfMajor = SemanticVersion.of(version.major(), Integer.MAX_VALUE, Integer.MAX_VALUE);
            assertThat(range.includes(lastOfMajor)).isTrue();
        }
    }

    @Property(tries = 10000)
    void tildeIncludesItsVersionAndExcludesTheNextMinor(@ForAll("versions") SemanticVersion version) {
        Assume.that(VersionOrder.isPreRelease(version.toOsgiVersion()) == version.isPreRelease());
        if (version.minor() == Integer.MAX_VALUE) {
            assertThatThrownBy(() -> SemanticRange.parse("~" + version))
                    .isExactlyInstanceOf(IllegalArgumentException.class);
            return;
        }
        SemanticRange range = SemanticRange.parse("~" + version);

        assertThat(range.includes(version)).isTrue();
        assertThat(range.includes(SemanticVersion.of(version.major(), version.minor() + 1, 0))).isFalse();
    }

    @Property(tries = 10000)
    void preReleasesAreExcludedUnlessTheLowerBoundSharesTheirTriple(
            @ForAll("versions") SemanticVersion lower, @ForAll("versions") SemanticVersion candidate) {
        // Given: "at least lower", up to the highest version there is; a lower bound whose OSGi form
        // carries a release qualifier is no pre-release bound, so it is left to VersionOrderProperties
        Assume.that(VersionOrder.isPreRelease(lower.toOsgiVersion()) == lower.isPreRelease());
        SemanticRange range = SemanticRange.parse("[" + lower.toOsgiVersion() + ",2147483647.2147483647.2147483647.z_]");
        boolean sameTriple = lower.major() == candidate.major() && lower.minor() == candidate.minor()
                && lower.patch() == candidate.patch();

        if (candidate.isPreRelease() && !(lower.isPreRelease() && sameTriple)) {
            assertThat(range.includes(candidate)).isFalse();
        } else {
            assertThat(range.includes(candidate)).isEqualTo(range.includes(candidate, true));
        }
        assertThat(range.includes(candidate, true)).isEqualTo(candidate.comparePrecedence(lower) >= 0);
    }

    @Property(tries = 10000)
    void arbitraryTextIsRefusedOnlyWithIllegalArgumentException(@ForAll("rangeTexts") String text) {
        try {
            SemanticRange range = SemanticRange.parse(text);
            assertThat(range.text()).isEqualTo(text);
            if (range.toOsgiRange().getRight() != null) {
                // OSGi writes a range without upper bound as its bare lower bound, which parse reads as exact
                assertThat(SemanticRange.parse(range.toString())).isEqualTo(range);
            }
        } catch (IllegalArgumentException e) {
            assertThat(e).isExactlyInstanceOf(IllegalArgumentException.class);
            assertThat(e.getMessage()).startsWith("Invalid version range \"").containsPattern(" at character \\d+$");
        }
    }

    @Provide
    Arbitrary<SemanticVersion> versions() {
        return SemanticVersionProperties.versionArbitrary();
    }

    @Provide
    Arbitrary<String> rangeTexts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30),
                Arbitraries.strings().withChars("0123456789xX*^~[](),.-+ ab_").ofMaxLength(20));
    }
}
