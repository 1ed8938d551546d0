package gtach.provisioning.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.Version;

class ChangeKindTest {

    @Test
    void constantsAreOrderedByImpact() {
        assertThat(ChangeKind.values())
                .containsExactly(ChangeKind.NONE, ChangeKind.PATCH, ChangeKind.MINOR, ChangeKind.MAJOR);
        assertThat(ChangeKind.MAJOR).isGreaterThan(ChangeKind.MINOR);
    }

    @ParameterizedTest(name = "{0} -> {1} is {2}")
    @CsvSource({
        "1.2.3,        1.2.3,        NONE",
        "1.2.3+a,      1.2.3+b,      NONE",
        "1.2.3-rc.1+a, 1.2.3-rc.1,   NONE",
        "1.2.3,        1.2.4,        PATCH",
        "1.2.3-rc.1,   1.2.3,        PATCH",
        "1.2.3-rc.1,   1.2.3-rc.2,   PATCH",
        "1.2.3,        1.3.0,        MINOR",
        "1.2.3,        1.3.3-alpha,  MINOR",
        "1.2.3,        2.0.0,        MAJOR",
        "1.9.9,        2.0.0-rc.1,   MAJOR",
        "0.1.0,        0.2.0,        MINOR",
    })
    void classifiesSemanticVersionsInBothDirections(String from, String to, ChangeKind expected) {
        // Given
        SemanticVersion a = SemanticVersion.parse(from);
        SemanticVersion b = SemanticVersion.parse(to);

        // Then: a downgrade is classified like the upgrade
        assertThat(ChangeKind.between(a, b)).isEqualTo(expected);
        assertThat(ChangeKind.between(b, a)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1} is {2}")
    @CsvSource({
        "1.2.3,          1.2.3,          NONE",
        "1.2.3.q,        1.2.3.q,        NONE",
        "1.2.3,          1.2.3.SNAPSHOT, PATCH",
        "1.2.3.a,        1.2.3.b,        PATCH",
        "1.2.3,          1.2.4,          PATCH",
        "1.2,            1.3,            MINOR",
        "1,              2,              MAJOR",
        "1.9.9.z,        2.0.0,          MAJOR",
    })
    void classifiesOsgiVersionsInBothDirections(String from, String to, ChangeKind expected) {
        Version a = Version.parseVersion(from);
        Version b = Version.parseVersion(to);

        assertThat(ChangeKind.between(a, b)).isEqualTo(expected);
        assertThat(ChangeKind.between(b, a)).isEqualTo(expected);
    }

    @Test
    void rejectsNull() {
        SemanticVersion version = SemanticVersion.of(1, 0, 0);
        Version osgi = new Version(1, 0, 0);

        assertThatNullPointerException().isThrownBy(() -> ChangeKind.between(version, null));
        assertThatNullPointerException().isThrownBy(() -> ChangeKind.between(null, version));
        assertThatNullPointerException().isThrownBy(() -> ChangeKind.between(osgi, null));
        assertThatNullPointerException().isThrownBy(() -> ChangeKind.between((Version) null, osgi));
    }
}
