package gtach.provisioning.update.internal;

import gtach.provisioning.version.SemanticRange;
import gtach.provisioning.version.VersionOrder;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class VersionsTest {

    @Test
    void aPreReleaseComesBeforeItsRelease() {
        List<Version> sorted = Stream.of("1.2.0", "1.2.0.rc_1", "1.10.0", "1.1.9").map(Version::parseVersion)
                .sorted(VersionOrder.PRECEDENCE).toList();
        assertThat(sorted).extracting(Versions::display).containsExactly("1.1.9", "1.2.0-rc.1", "1.2.0", "1.10.0");
    }

    @Test
    void theNewestIsTheLastTheRepositoryLists() {
        // Given: the order the repository lists these in (ListingOrderTest in the repository bundle)
        Version rc1 = Version.parseVersion("1.0.0.rc_1");
        Version release = Version.parseVersion("1.0.0");
        Version rc01 = Version.parseVersion("1.0.0.rc_01");

        for (List<Version> stored : List.of(List.of(rc1, release, rc01), List.of(rc01, release, rc1),
                List.of(release, rc01, rc1))) {
            // When: newest first, as choosing a version sorts them; without pre-releases, as by default
            List<Version> newestFirst = stored.stream().sorted(VersionOrder.PRECEDENCE.reversed()).toList();
            List<Version> releases = stored.stream().filter(v -> !Versions.isPreRelease(v))
                    .sorted(VersionOrder.PRECEDENCE.reversed()).toList();

            // Then: 1.0.0.rc_01 has no SemVer reading, so it is no pre-release and sorts above 1.0.0
            assertThat(newestFirst).containsExactly(rc01, release, rc1);
            assertThat(releases).containsExactly(rc01, release);
        }
    }

    @Test
    void rangesExcludePreReleasesUnlessAsked() {
        SemanticRange range = SemanticRange.parse("^1.1");
        assertThat(Versions.includes(range, Version.parseVersion("1.2.0.rc_1"), false)).isFalse();
        assertThat(Versions.includes(range, Version.parseVersion("1.2.0.rc_1"), true)).isTrue();
        assertThat(Versions.includes(range, Version.parseVersion("2.0.0"), true)).isFalse();
    }

    @Test
    void onlySemVerPreReleasesArePreReleases() {
        assertThat(Versions.isPreRelease(Version.parseVersion("1.0.0.rc_1"))).isTrue();
        assertThat(Versions.isPreRelease(Version.parseVersion("1.0.0"))).isFalse();
        assertThat(Versions.isPreRelease(Version.parseVersion("1.0.0.rc_01"))).isFalse();
        assertThat(Versions.isPreRelease(Version.parseVersion("1.4.1.202109301733"))).isFalse();
        assertThat(Versions.display(Version.parseVersion("1.4.1.202109301733"))).isEqualTo("1.4.1.202109301733");
    }
}
