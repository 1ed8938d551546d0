package gtach.provisioning.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.Version;

class SemanticVersionTest {

    @Nested
    class SpecificationExamples {

        @ParameterizedTest
        @ValueSource(strings = {
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-0.3.7", "1.0.0-x.7.z.92", "1.0.0-x-y-z.--",
            "1.0.0-alpha+001", "1.0.0+20130313144700", "1.0.0-beta+exp.sha.5114f85",
            "1.0.0+21AF26D3----117B344092BD"
        })
        void validExamplesParseAndPrintUnchanged(String text) {
            // When
            SemanticVersion version = SemanticVersion.parse(text);

            // Then
            assertThat(version.toString()).isEqualTo(text);
            assertThat(SemanticVersion.parse(version.toString())).isEqualTo(version);
        }

        @Test
        void preReleaseChainIsOrderedByPrecedence() {
            List<SemanticVersion> chain = parseAll("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
                    "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0");

            assertStrictlyIncreasing(chain);
        }

        @Test
        void normalVersionsAreOrderedNumerically() {
            assertStrictlyIncreasing(parseAll("1.0.0", "2.0.0", "2.1.0", "2.1.1"));
        }

        @Test
        void shuffledChainSortsBackIntoSpecOrder() {
            // Given
            List<SemanticVersion> expected = parseAll("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
                    "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0",
                    "2.1.1");
            List<SemanticVersion> shuffled = new ArrayList<>(expected);
            Collections.reverse(shuffled);

            // When
            Collections.sort(shuffled);

            // Then
            assertThat(shuffled).containsExactlyElementsOf(expected);
        }

        @Test
        void buildMetadataIsIgnoredForPrecedence() {
            SemanticVersion plain = SemanticVersion.parse("1.0.0-beta");
            SemanticVersion withBuild = SemanticVersion.parse("1.0.0-beta+exp.sha.5114f85");
            SemanticVersion otherBuild = SemanticVersion.parse("1.0.0-beta+001");

            assertThat(plain.comparePrecedence(withBuild)).isZero();
            assertThat(withBuild.comparePrecedence(otherBuild)).isZero();
            assertThat(SemanticVersion.parse("1.0.0+20130313144700").comparePrecedence(SemanticVersion.of(1, 0, 0)))
                    .isZero();
        }

        private void assertStrictlyIncreasing(List<SemanticVersion> chain) {
            for (int i = 0; i + 1 < chain.size(); i++) {
                SemanticVersion lower = chain.get(i);
                SemanticVersion higher = chain.get(i + 1);
                assertThat(lower.comparePrecedence(higher)).as("%s < %s", lower, higher).isNegative();
                assertThat(higher.comparePrecedence(lower)).as("%s > %s", higher, lower).isPositive();
                assertThat(lower.compareTo(higher)).as("%s < %s", lower, higher).isNegative();
            }
        }
    }

    @Nested
    class Parsing {

        @Test
        void exposesAllParts() {
            // When
            SemanticVersion version = SemanticVersion.parse("1.22.333-rc.1+build.5");

            // Then
            assertThat(version.major()).isEqualTo(1);
            assertThat(version.minor()).isEqualTo(22);
            assertThat(version.patch()).isEqualTo(333);
            assertThat(version.preRelease()).containsExactly("rc", "1");
            assertThat(version.build()).containsExactly("build", "5");
            assertThat(version.isPreRelease()).isTrue();
        }

        @Test
        void normalVersionHasEmptyLists() {
            SemanticVersion version = SemanticVersion.parse("0.0.0");

            assertThat(version.preRelease()).isEmpty();
            assertThat(version.build()).isEmpty();
            assertThat(version.isPreRelease()).isFalse();
        }

        @Test
        void identifierListsAreUnmodifiable() {
            SemanticVersion version = SemanticVersion.parse("1.0.0-a+b");

            assertThatThrownBy(() -> version.preRelease().set(0, "z"))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> version.build().add("z")).isInstanceOf(UnsupportedOperationException.class);
            assertThat(version.toString()).isEqualTo("1.0.0-a+b");
        }

        @Test
        void acceptsLargestOsgiNumbersAndHugeNumericPreReleaseIdentifiers() {
            SemanticVersion version =
                    SemanticVersion.parse("2147483647.2147483647.2147483647-184467440737095516161844674407370955161");

            assertThat(version.major()).isEqualTo(Integer.MAX_VALUE);
            assertThat(version.minor()).isEqualTo(Integer.MAX_VALUE);
            assertThat(version.patch()).isEqualTo(Integer.MAX_VALUE);
            assertThat(version.preRelease()).containsExactly("184467440737095516161844674407370955161");
        }

        @Test
        void buildIdentifiersMayHaveLeadingZeros() {
            assertThat(SemanticVersion.parse("1.0.0+001.0002").build()).containsExactly("001", "0002");
        }

        @Test
        void rejectsNull() {
            assertThatNullPointerException().isThrownBy(() -> SemanticVersion.parse(null));
        }

        @ParameterizedTest(name = "[{index}] \"{0}\"")
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "``                | expected the major version but found the end of the text at character 1",
            "` 1.2.3`          | whitespace is not allowed at character 1",
            "`1.2.3 `          | whitespace is not allowed at character 6",
            "`1.2.3-a b`       | whitespace is not allowed at character 8",
            "`1.2\t.3`         | whitespace is not allowed at character 4",
            "01.2.3            | numeric identifier \"01\" has a leading zero at character 1",
            "1.02.3            | numeric identifier \"02\" has a leading zero at character 3",
            "1.2.03            | numeric identifier \"03\" has a leading zero at character 5",
            "1.2.3-01          | numeric identifier \"01\" has a leading zero at character 7",
            "1.2.3-rc.007      | numeric identifier \"007\" has a leading zero at character 10",
            "1.0.0-            | empty pre-release identifier at character 7",
            "1.0.0-a..b        | empty pre-release identifier at character 9",
            "1.0.0-a.          | empty pre-release identifier at character 9",
            "1.0.0-+b          | empty pre-release identifier at character 7",
            "1.0.0+            | empty build identifier at character 7",
            "1.0.0+a..b        | empty build identifier at character 9",
            "1.2               | expected '.' and the patch version after the minor version"
                    + " but found the end of the text at character 4",
            "1                 | expected '.' and the minor version after the major version"
                    + " but found the end of the text at character 2",
            "1.2.              | expected the patch version but found the end of the text at character 5",
            "1.2.3.4           | expected '-', '+' or the end of the text after the patch version"
                    + " but found '.' at character 6",
            "v1.2.3            | expected the major version but found 'v' at character 1",
            "1.2.3-αβ          | pre-release identifier contains 'α' (U+03B1), only [0-9A-Za-z-] are allowed,"
                    + " at character 7",
            "1.2.3-a_b         | pre-release identifier contains '_', only [0-9A-Za-z-] are allowed,"
                    + " at character 8",
            "1.0.0+a+b         | build identifier contains '+', only [0-9A-Za-z-] are allowed, at character 8",
            "99999999999.0.0   | major version 99999999999 is larger than 2147483647,"
                    + " the largest number an OSGi version allows, at character 1",
            "1.2147483648.0    | minor version 2147483648 is larger than 2147483647,"
                    + " the largest number an OSGi version allows, at character 3",
            "1.0.2147483648    | patch version 2147483648 is larger than 2147483647,"
                    + " the largest number an OSGi version allows, at character 5",
        })
        void rejectsInvalidTextNamingTextProblemAndPosition(String text, String problem) {
            assertThatThrownBy(() -> SemanticVersion.parse(text))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Invalid semantic version \"" + text + "\": " + problem);
        }

        @Test
        void countsPositionsInCharactersNotUtf16Units() {
            // Given: the emoji takes two UTF-16 units but is one character
            String text = "1.0.0-\uD83D\uDE00";

            // Then
            assertThatThrownBy(() -> SemanticVersion.parse(text))
                    .hasMessage("Invalid semantic version \"" + text + "\": pre-release identifier contains '"
                            + "\uD83D\uDE00' (U+1F600), only [0-9A-Za-z-] are allowed, at character 7");
        }

        @Test
        void describesInvisibleCharactersByCodePoint() {
            assertThatThrownBy(() -> SemanticVersion.parse("1.0.0-a\u0000"))
                    .hasMessageEndingWith("pre-release identifier contains U+0000, only [0-9A-Za-z-] are allowed,"
                            + " at character 8");
        }

        @Test
        void hugeNumberIsRefusedWithoutOverflowAndWithShortMessage() {
            // Given
            String text = "9".repeat(1_000_000) + ".0.0";

            // Then
            assertThatThrownBy(() -> SemanticVersion.parse(text))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is larger than 2147483647")
                    .hasMessageContaining("(1000004 characters)")
                    .hasMessageEndingWith("at character 1")
                    .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(1000));
        }

        @Test
        void hugeValidVersionParses() {
            String identifiers = String.join(".", Collections.nCopies(100_000, "alpha-1"));

            SemanticVersion version = SemanticVersion.parse("1.0.0-" + identifiers);

            assertThat(version.preRelease()).hasSize(100_000);
        }
    }

    @Nested
    class Factory {

        @Test
        void ofBuildsNormalVersion() {
            SemanticVersion version = SemanticVersion.of(1, 2, 3);

            assertThat(version).isEqualTo(SemanticVersion.parse("1.2.3"));
            assertThat(version.toString()).isEqualTo("1.2.3");
            assertThat(version.isPreRelease()).isFalse();
        }

        @ParameterizedTest
        @CsvSource({"-1,0,0,major", "0,-1,0,minor", "0,0,-1,patch"})
        void ofRefusesNegativeNumbers(int major, int minor, int patch, String name) {
            assertThatThrownBy(() -> SemanticVersion.of(major, minor, patch))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Invalid semantic version: " + name + " version -1 is negative");
        }
    }

    @Nested
    class EqualityAndOrder {

        @Test
        void equalsAndHashCodeCoverBuildMetadata() {
            SemanticVersion a = SemanticVersion.parse("1.0.0+a");

            assertThat(a).isEqualTo(SemanticVersion.parse("1.0.0+a"));
            assertThat(a).hasSameHashCodeAs(SemanticVersion.parse("1.0.0+a"));
            assertThat(a).isNotEqualTo(SemanticVersion.parse("1.0.0+b"));
            assertThat(a).isNotEqualTo(SemanticVersion.parse("1.0.0"));
            assertThat(a).isNotEqualTo("1.0.0+a");
            assertThat(a).isNotEqualTo(null);
        }

        @Test
        void compareToBreaksPrecedenceTiesByBuildMetadata() {
            // Given: equal precedence, different build metadata
            List<SemanticVersion> expected = parseAll("1.0.0", "1.0.0+a", "1.0.0+a.b", "1.0.0+a.c", "1.0.0+b");

            // Then: none first, then ASCII order, then fewer identifiers first
            for (int i = 0; i + 1 < expected.size(); i++) {
                assertThat(expected.get(i).comparePrecedence(expected.get(i + 1))).isZero();
                assertThat(expected.get(i).compareTo(expected.get(i + 1))).isNegative();
                assertThat(expected.get(i + 1).compareTo(expected.get(i))).isPositive();
            }
        }

        @Test
        void buildMetadataNeverOverridesPrecedence() {
            SemanticVersion lowWithBuild = SemanticVersion.parse("1.0.0-rc.1+zzz");
            SemanticVersion high = SemanticVersion.parse("1.0.0");

            assertThat(lowWithBuild.compareTo(high)).isNegative();
        }

        @Test
        void numericIdentifiersCompareNumericallyAtAnySize() {
            SemanticVersion smaller = SemanticVersion.parse("1.0.0-99999999999999999999");
            SemanticVersion larger = SemanticVersion.parse("1.0.0-100000000000000000000");

            assertThat(smaller.comparePrecedence(larger)).isNegative();
            assertThat(SemanticVersion.parse("1.0.0-9").comparePrecedence(SemanticVersion.parse("1.0.0-10")))
                    .isNegative();
        }

        @Test
        void numericIdentifiersAreLowerThanAlphanumericOnes() {
            assertThat(SemanticVersion.parse("1.0.0-999").comparePrecedence(SemanticVersion.parse("1.0.0--")))
                    .isNegative();
            assertThat(SemanticVersion.parse("1.0.0-1a").comparePrecedence(SemanticVersion.parse("1.0.0-2")))
                    .isPositive();
        }

        @Test
        void alphanumericIdentifiersCompareInAsciiOrder() {
            // uppercase letters come before hyphen-free lowercase ones, and '-' before digits
            assertThat(SemanticVersion.parse("1.0.0-Z").comparePrecedence(SemanticVersion.parse("1.0.0-a")))
                    .isNegative();
            assertThat(SemanticVersion.parse("1.0.0--1").comparePrecedence(SemanticVersion.parse("1.0.0-0a")))
                    .isNegative();
        }

        @Test
        void compareRejectsNull() {
            SemanticVersion version = SemanticVersion.of(1, 0, 0);

            assertThatNullPointerException().isThrownBy(() -> version.compareTo(null));
            assertThatNullPointerException().isThrownBy(() -> version.comparePrecedence(null));
        }
    }

    @Nested
    class OsgiMapping {

        @ParameterizedTest
        @CsvSource({
            "1.2.3,                  1.2.3",
            "1.2.3-rc.1,             1.2.3.rc_1",
            "1.2.3-rc.1+build.5,     1.2.3.rc_1__build_5",
            "1.2.3+exp.sha.5114f85,  1.2.3.__exp_sha_5114f85",
            "1.0.0-x-y-z.--,         1.0.0.x-y-z_--",
            "1.0.0+21AF26D3----117B344092BD, 1.0.0.__21AF26D3----117B344092BD",
        })
        void mapsBothWays(String semantic, String osgi) {
            // Given
            SemanticVersion version = SemanticVersion.parse(semantic);
            Version osgiVersion = Version.parseVersion(osgi);

            // Then
            assertThat(version.toOsgiVersion()).isEqualTo(osgiVersion);
            assertThat(version.toOsgiVersion().toString()).isEqualTo(osgi);
            assertThat(SemanticVersion.fromOsgiVersion(osgiVersion)).isEqualTo(version);
            assertThat(SemanticVersion.tryFromOsgiVersion(osgiVersion)).contains(version);
        }

        @ParameterizedTest
        @CsvSource({
            "1.0.0.SNAPSHOT,        1.0.0-SNAPSHOT",
            "2.1.0.v20240101-1200,  2.1.0-v20240101-1200",
            "1.0,                   1.0.0",
            "3.1.4.0,               3.1.4-0",
            "3.1.4.I20240101_0a,    3.1.4-I20240101.0a",
        })
        void readsOtherMappableQualifiersAsPreRelease(String osgi, String semantic) {
            assertThat(SemanticVersion.fromOsgiVersion(Version.parseVersion(osgi)))
                    .isEqualTo(SemanticVersion.parse(semantic));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "0123    | numeric identifier \"0123\" has a leading zero at character 7",
            "a___b   | empty build identifier at character 10",
            "_x      | empty pre-release identifier at character 7",
            "x_      | empty pre-release identifier at character 9",
            "rc__    | empty build identifier at character 11",
            "__      | empty build identifier at character 9",
            "a__b__c | empty build identifier at character 12",
            "rc_01   | numeric identifier \"01\" has a leading zero at character 10",
        })
        void refusesUnmappableQualifiers(String qualifier, String problem) {
            // Given
            Version osgiVersion = new Version(1, 0, 0, qualifier);

            // Then
            assertThatThrownBy(() -> SemanticVersion.fromOsgiVersion(osgiVersion))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Cannot map OSGi version \"1.0.0." + qualifier + "\" to a semantic version: "
                            + problem);
            assertThat(SemanticVersion.tryFromOsgiVersion(osgiVersion)).isEmpty();
        }

        @Test
        void osgiOrdersQualifiersAboveTheBareVersionUnlikeSemVer() {
            // Given
            SemanticVersion preRelease = SemanticVersion.parse("1.0.0-rc.1");
            SemanticVersion release = SemanticVersion.parse("1.0.0");

            // Then: the caveat documented on the class
            assertThat(preRelease.comparePrecedence(release)).isNegative();
            assertThat(preRelease.toOsgiVersion().compareTo(release.toOsgiVersion())).isPositive();
        }

        @Test
        void rejectsNull() {
            assertThatNullPointerException().isThrownBy(() -> SemanticVersion.fromOsgiVersion(null));
            assertThatNullPointerException().isThrownBy(() -> SemanticVersion.tryFromOsgiVersion(null));
        }
    }

    static List<SemanticVersion> parseAll(String... texts) {
        List<SemanticVersion> versions = new ArrayList<>();
        for (String text : texts) {
            versions.add(SemanticVersion.parse(text));
        }
        return versions;
    }
}
