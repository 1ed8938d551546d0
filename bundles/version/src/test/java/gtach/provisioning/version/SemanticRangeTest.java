package gtach.provisioning.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

class SemanticRangeTest {

    @Nested
    class Shorthand {

        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource(delimiter = '|', value = {
            "^1.2.3         | [1.2.3,2.0.0)",
            "^0.2.3         | [0.2.3,0.3.0)",
            "^0.0.3         | [0.0.3,0.0.4)",
            "^0.0.0         | [0.0.0,0.0.1)",
            "^1.2           | [1.2.0,2.0.0)",
            "^0.2           | [0.2.0,0.3.0)",
            "^0.0           | [0.0.0,0.1.0)",
            "^1             | [1.0.0,2.0.0)",
            "^0             | [0.0.0,1.0.0)",
            "~1.2.3         | [1.2.3,1.3.0)",
            "~0.0.3         | [0.0.3,0.1.0)",
            "~1.2           | [1.2.0,1.3.0)",
            "~1             | [1.0.0,2.0.0)",
            "1.2.x          | [1.2.0,1.3.0)",
            "1.2.X          | [1.2.0,1.3.0)",
            "1.2.*          | [1.2.0,1.3.0)",
            "1.x            | [1.0.0,2.0.0)",
            "1.x.x          | [1.0.0,2.0.0)",
            "1.*.X          | [1.0.0,2.0.0)",
            "*              | 0.0.0",
            "x              | 0.0.0",
            "X.x.*          | 0.0.0",
            "^1.2.3-beta.1  | [1.2.3.beta_1,2.0.0)",
            "~1.2.3-rc+b.7  | [1.2.3.rc__b_7,1.3.0)",
            "^2147483646    | [2147483646.0.0,2147483647.0.0)",
        })
        void expandsToOsgiRange(String text, String osgi) {
            // When
            SemanticRange range = SemanticRange.parse(text);

            // Then
            assertThat(range.toString()).isEqualTo(osgi);
            assertThat(range.toOsgiRange()).isEqualTo(new VersionRange(osgi));
            assertThat(range.text()).isEqualTo(text);
        }

        @Test
        void equalityIsThatOfTheOsgiRange() {
            SemanticRange caret = SemanticRange.parse("^1.2.3");
            SemanticRange osgi = SemanticRange.parse("[1.2.3,2.0.0)");

            assertThat(caret).isEqualTo(osgi).hasSameHashCodeAs(osgi);
            assertThat(caret.text()).isNotEqualTo(osgi.text());
            assertThat(caret).isNotEqualTo(SemanticRange.parse("^1.2.4"));
            assertThat(caret).isNotEqualTo("^1.2.3");
        }
    }

    @Nested
    class OsgiSyntax {

        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource(delimiter = '|', value = {
            "[1.2,2)                    | [1.2.0,2.0.0)",
            "(1.0,2.0]                  | (1.0.0,2.0.0]",
            "[1.2.3,1.2.3]              | [1.2.3,1.2.3]",
            "[1.0.0.SNAPSHOT,2)         | [1.0.0.SNAPSHOT,2.0.0)",
            "[0,0]                      | [0.0.0,0.0.0]",
            "(0,2147483647.0.0.x)       | (0.0.0,2147483647.0.0.x)",
            "[1.0.0.rc_1,1.0.0]         | [1.0.0.rc_1,1.0.0]",
            "[1.0.0.0123,1.0.0.0124]    | [1.0.0.0123,1.0.0.0124]",
        })
        void readsOsgiIntervalsAsOsgiDoes(String text, String osgi) {
            SemanticRange range = SemanticRange.parse(text);

            assertThat(range.toString()).isEqualTo(osgi);
            assertThat(range.toOsgiRange()).isEqualTo(new VersionRange(text));
        }

        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource(delimiter = '|', value = {
            "1.2                 | [1.2.0,1.2.0]",
            "1                   | [1.0.0,1.0.0]",
            "0                   | [0.0.0,0.0.0]",
            "1.2.3               | [1.2.3,1.2.3]",
            "1.0.0.x             | [1.0.0.x,1.0.0.x]",
            "1.4.1.202109301733  | [1.4.1.202109301733,1.4.1.202109301733]",
            "1.0.0.v2024-01      | [1.0.0.v2024-01,1.0.0.v2024-01]",
            "1.2.3-beta          | [1.2.3.beta,1.2.3.beta]",
            "1.2.3-rc.1+b.5      | [1.2.3.rc_1__b_5,1.2.3.rc_1__b_5]",
            "1.2.3+b.5           | [1.2.3.__b_5,1.2.3.__b_5]",
        })
        void aBareVersionIsExactlyThatVersion(String text, String osgi) {
            SemanticRange range = SemanticRange.parse(text);

            assertThat(range.toString()).isEqualTo(osgi);
            assertThat(range.text()).isEqualTo(text);
        }

        @Test
        void aBareVersionAdmitsThatVersionAlone() {
            // Given
            SemanticRange range = SemanticRange.parse("1.2");

            // Then
            assertThat(range.admits(new Version(1, 2, 0), false)).isTrue();
            assertThat(range.admits(new Version(1, 2, 1), false)).isFalse();
            assertThat(range.admits(new Version(99, 0, 0), false)).isFalse();
            assertThat(range.admits(new Version(1, 1, 9), false)).isFalse();
            assertThat(range.includes(SemanticVersion.parse("1.2.0"))).isTrue();
            assertThat(range.includes(SemanticVersion.parse("1.3.0"))).isFalse();
            assertThat(range.includes(new Version(1, 2, 0))).isTrue();
            assertThat(range.includes(new Version(2, 0, 0))).isFalse();
        }

        @Test
        void aBarePreReleaseOrStampedVersionIsAdmittedWithoutAskingForPreReleases() {
            assertThat(SemanticRange.parse("1.2.3-rc.1").admits(Version.parseVersion("1.2.3.rc_1"), false)).isTrue();
            assertThat(SemanticRange.parse("1.2.3-rc.1").admits(Version.parseVersion("1.2.3.rc_2"), true)).isFalse();
            assertThat(SemanticRange.parse("1.4.1.202109301733")
                    .admits(Version.parseVersion("1.4.1.202109301733"), false)).isTrue();
            assertThat(SemanticRange.parse("1.4.1").admits(Version.parseVersion("1.4.1.202109301733"), false)).isFalse();
        }

        @Test
        void respectsOpenAndClosedEnds() {
            SemanticRange range = SemanticRange.parse("(1.0,2.0]");

            assertThat(range.includes(SemanticVersion.parse("1.0.0"))).isFalse();
            assertThat(range.includes(SemanticVersion.parse("1.0.1"))).isTrue();
            assertThat(range.includes(SemanticVersion.parse("2.0.0"))).isTrue();
            assertThat(range.includes(SemanticVersion.parse("2.0.0+build"))).isTrue();
            assertThat(range.includes(SemanticVersion.parse("2.0.1"))).isFalse();
        }

        @Test
        void exactRangeIncludesOnlyThatPrecedence() {
            SemanticRange range = SemanticRange.parse("[1.2.3,1.2.3]");

            assertThat(range.includes(SemanticVersion.parse("1.2.3"))).isTrue();
            assertThat(range.includes(SemanticVersion.parse("1.2.3+meta"))).isTrue();
            assertThat(range.includes(SemanticVersion.parse("1.2.4"))).isFalse();
        }

        @Test
        void unmappableBoundsLieJustAboveTheirNormalVersion() {
            // Given: qualifiers that are no SemVer pre-release
            SemanticRange lower = SemanticRange.parse("[1.0.0.0123,2)");
            SemanticRange upper = SemanticRange.parse("[1,2.0.0.x_)");
            SemanticRange stamped = SemanticRange.parse("[1.0.0.202109301733,2.0.0.v20240101]");

            // Then: as OSGi orders them
            assertThat(lower.includes(SemanticVersion.parse("1.0.0"))).isFalse();
            assertThat(lower.includes(SemanticVersion.parse("1.0.1"))).isTrue();
            assertThat(upper.includes(SemanticVersion.parse("2.0.0"))).isTrue();
            assertThat(upper.includes(SemanticVersion.parse("2.0.1"))).isFalse();
            assertThat(upper.includes(new Version(2, 0, 0))).isTrue();
            assertThat(stamped.includes(SemanticVersion.parse("1.0.0"))).isFalse();
            assertThat(stamped.includes(SemanticVersion.parse("2.0.0"))).isTrue();
        }
    }

    @Nested
    class Admission {

        @Test
        void followsTheVersionOrderBetweenTheBounds() {
            // Given
            SemanticRange range = SemanticRange.parse("[1.0.0.rc_1,1.0.0]");

            // Then: rc.1 up to the release, which OSGi would call an empty range
            assertThat(range.toOsgiRange().isEmpty()).isTrue();
            assertThat(range.admits(Version.parseVersion("1.0.0.rc_1"), false)).isTrue();
            assertThat(range.admits(Version.parseVersion("1.0.0.rc_2"), false)).isTrue();
            assertThat(range.admits(Version.parseVersion("1.0.0"), false)).isTrue();
            assertThat(range.admits(Version.parseVersion("1.0.0.alpha"), true)).isFalse();
            assertThat(range.admits(Version.parseVersion("1.0.0.202109301733"), true)).isFalse();
        }

        @Test
        void takesReleaseQualifiersForReleasesAndOtherPreReleasesOnlyWhenAsked() {
            // Given
            SemanticRange range = SemanticRange.parse("^1.4");

            // Then
            assertThat(range.admits(Version.parseVersion("1.4.1.202109301733"), false)).isTrue();
            assertThat(range.admits(Version.parseVersion("1.5.0.v20210930-1200"), false)).isTrue();
            assertThat(range.admits(Version.parseVersion("1.5.0.Final"), false)).isTrue();
            assertThat(range.admits(Version.parseVersion("1.5.0.SNAPSHOT"), false)).isFalse();
            assertThat(range.admits(Version.parseVersion("1.5.0.SNAPSHOT"), true)).isTrue();
            assertThat(range.admits(Version.parseVersion("2.0.0.rc_1"), true)).isTrue();
            assertThat(range.admits(Version.parseVersion("2.0.0.202109301733"), true)).isFalse();
            assertThat(range.admits(Version.parseVersion("1.3.9.202109301733"), true)).isFalse();
        }

        @Test
        void rejectsNull() {
            assertThatNullPointerException().isThrownBy(() -> SemanticRange.parse("^1").admits(null, true));
        }
    }

    @Nested
    class Inclusion {

        @Test
        void caretIncludesCompatibleVersionsOnly() {
            SemanticRange range = SemanticRange.parse("^1.2.3");

            assertThat(range.includes(SemanticVersion.parse("1.2.3"))).isTrue();
            assertThat(range.includes(SemanticVersion.parse("1.9.0"))).isTrue();
            assertThat(range.includes(SemanticVersion.parse("1.2.2"))).isFalse();
            assertThat(range.includes(SemanticVersion.parse("2.0.0"))).isFalse();
        }

        @Test
        void excludesPreReleasesByDefault() {
            // Given
            SemanticRange range = SemanticRange.parse("[1.0.0,2.0.0)");
            SemanticVersion insideByPrecedence = SemanticVersion.parse("1.5.0-beta");
            SemanticVersion belowUpperBound = SemanticVersion.parse("2.0.0-rc.1");

            // Then
            assertThat(range.includes(insideByPrecedence)).isFalse();
            assertThat(range.includes(belowUpperBound)).isFalse();
            assertThat(range.includes(insideByPrecedence, true)).isTrue();
            assertThat(range.includes(belowUpperBound, true)).isTrue();
            assertThat(range.includes(SemanticVersion.parse("1.0.0-rc.1"), true)).isFalse();
        }

        @Test
        void includesPreReleasesOfTheLowerBoundTriple() {
            // Given: the npm rule
            SemanticRange range = SemanticRange.parse("^1.2.3-beta.1");

            // Then
            assertThat(range.includes(SemanticVersion.parse("1.2.3-beta.1"))).isTrue();
            assertThat(range.includes(SemanticVersion.parse("1.2.3-beta.2"))).isTrue();
            assertThat(range.includes(SemanticVersion.parse("1.2.3-rc.1"))).isTrue();
            assertThat(range.includes(SemanticVersion.parse("1.2.3"))).isTrue();
            assertThat(range.includes(SemanticVersion.parse("1.5.0"))).isTrue();
            assertThat(range.includes(SemanticVersion.parse("1.2.3-alpha"))).isFalse();
            assertThat(range.includes(SemanticVersion.parse("1.2.4-beta"))).isFalse();
            assertThat(range.includes(SemanticVersion.parse("1.2.4-beta"), true)).isTrue();
            assertThat(range.includes(SemanticVersion.parse("2.0.0"))).isFalse();
        }

        @Test
        void osgiInclusionKeepsOsgiOrdering() {
            // Given
            SemanticRange range = SemanticRange.parse("^1.2.3-beta.1");

            // Then: OSGi puts 1.2.3 below 1.2.3.beta_1 (documented caveat)
            assertThat(range.includes(new Version(1, 2, 3))).isFalse();
            assertThat(range.includes(new Version(1, 2, 3, "beta_2"))).isTrue();
            assertThat(range.includes(new Version(1, 2, 4))).isTrue();
        }

        @Test
        void wildcardStarIncludesEverythingReleased() {
            SemanticRange range = SemanticRange.parse("*");

            assertThat(range.includes(SemanticVersion.parse("0.0.0"))).isTrue();
            assertThat(range.includes(SemanticVersion.parse("2147483647.0.0"))).isTrue();
            assertThat(range.includes(SemanticVersion.parse("3.0.0-alpha"))).isFalse();
            assertThat(range.includes(SemanticVersion.parse("3.0.0-alpha"), true)).isTrue();
        }

        @Test
        void rejectsNull() {
            SemanticRange range = SemanticRange.parse("^1");

            assertThatNullPointerException().isThrownBy(() -> range.includes((SemanticVersion) null));
            assertThatNullPointerException().isThrownBy(() -> range.includes((SemanticVersion) null, true));
            assertThatNullPointerException().isThrownBy(() -> range.includes((Version) null));
        }
    }

    @Nested
    class Errors {

        @Test
        void rejectsNull() {
            assertThatNullPointerException().isThrownBy(() -> SemanticRange.parse(null));
        }

        @ParameterizedTest(name = "[{index}] \"{0}\"")
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "``              | expected a version range but found the end of the text at character 1",
            "`   `           | expected a version range but found only whitespace at character 1",
            "^               | expected the major version but found the end of the text at character 2",
            "`^ 1.2`         | whitespace is not allowed at character 2",
            "^01.2           | numeric identifier \"01\" has a leading zero at character 2",
            "^1.2.3.4        | expected '-', '+' or the end of the text after the patch version"
                    + " but found '.' at character 7",
            "^1.2-beta       | expected '.' or the end of the text after the minor version"
                    + " but found '-' at character 5",
            "^1.x            | expected the minor version but found 'x' at character 4",
            "~1.2.3-         | empty pre-release identifier at character 8",
            "^2147483647     | the upper bound would need major version 2147483648, which is larger than 2147483647,"
                    + " the largest number an OSGi version allows, at character 2",
            "~1.2147483647   | the upper bound would need minor version 2147483648, which is larger than 2147483647,"
                    + " the largest number an OSGi version allows, at character 4",
            "^0.0.2147483647 | the upper bound would need patch version 2147483648, which is larger than 2147483647,"
                    + " the largest number an OSGi version allows, at character 6",
            "2147483647.x    | the upper bound would need major version 2147483648, which is larger than 2147483647,"
                    + " the largest number an OSGi version allows, at character 1",
            "^99999999999    | major version 99999999999 is larger than 2147483647,"
                    + " the largest number an OSGi version allows, at character 2",
            "1.x.3           | expected a wildcard ('x', 'X' or '*') after a wildcard but found '3' at character 5",
            "1.2.x.4         | expected the end of the text after the patch component but found '.' at character 6",
            "[1.0,2.0        | expected '.' or the closing ']' or ')' after the minor version of the upper bound"
                    + " but found the end of the text at character 9",
            "[1.0;2.0)       | expected '.' or ',' after the minor version of the lower bound but found ';' at character 5",
            "[1.a,2)         | expected the minor version of the lower bound but found 'a' at character 4",
            "[1,2.b]         | expected the minor version of the upper bound but found 'b' at character 6",
            "`[1,2) x`       | whitespace is not allowed at character 6",
            "[1,2)x          | expected the end of the text after the range but found 'x' at character 6",
            "[1,2            | expected '.' or the closing ']' or ')' after the major version of the upper bound"
                    + " but found the end of the text at character 5",
            "[1,2,3)         | expected '.' or the closing ']' or ')' after the major version of the upper bound"
                    + " but found ',' at character 5",
            "[]              | expected the major version of the lower bound but found ']' at character 2",
            "[1.0.0.,2)      | expected the qualifier but found ',' at character 8",
            "[1.0.0.q        | expected ',' after the qualifier but found the end of the text at character 9",
            "[1.0.0.q!,2)    | the qualifier contains '!', only [0-9A-Za-z_-] are allowed, at character 9",
            "01.2            | numeric identifier \"01\" has a leading zero at character 1",
            "1.02            | numeric identifier \"02\" has a leading zero at character 3",
            "[1.01,2)        | numeric identifier \"01\" has a leading zero at character 4",
            "[1,002)         | numeric identifier \"002\" has a leading zero at character 4",
            "+1              | expected the major version but found '+' at character 1",
            "-1              | expected the major version but found '-' at character 1",
            "`1.2 `          | whitespace is not allowed at character 4",
            "` 1.2`          | whitespace is not allowed at character 1",
            "`[1.1, 2)`      | whitespace is not allowed at character 6",
            "1..2            | expected the minor version but found '.' at character 3",
            "1.2-beta        | expected '.' or the end of the text after the minor version but found '-' at character 4",
            "1.2.3-          | empty pre-release identifier at character 7",
            "1.2.3_rc        | expected '.', '-', '+' or the end of the text after the patch version"
                    + " but found '_' at character 6",
            "1.0.0.          | expected the qualifier but found the end of the text at character 7",
            "`1.0.0.a b`     | whitespace is not allowed at character 8",
            "1.0.0.a.b       | the qualifier contains '.', only [0-9A-Za-z_-] are allowed, at character 8",
            "(2,1)           | the upper bound 1 is below the lower bound 2, so no version fits, at character 4",
            "[2,1]           | the upper bound 1 is below the lower bound 2, so no version fits, at character 4",
            "[1.0.0,1.0.0.rc_1] | the upper bound 1.0.0.rc_1 is below the lower bound 1.0.0, so no version fits,"
                    + " at character 8",
            "[1.0.0,1.0.0)   | both bounds are 1.0.0 and ')' excludes it, so no version fits"
                    + " (1.0.0 alone means exactly that version), at character 13",
            "(1,1]           | both bounds are 1.0.0 and '(' excludes it, so no version fits"
                    + " (1.0.0 alone means exactly that version), at character 1",
            "(1.0,1)         | both bounds are 1.0.0 and '(' excludes it, so no version fits"
                    + " (1.0.0 alone means exactly that version), at character 1",
        })
        void rejectsInvalidTextNamingTextProblemAndPosition(String text, String problem) {
            assertThatThrownBy(() -> SemanticRange.parse(text))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Invalid version range \"" + text + "\": " + problem);
        }
    }
}
