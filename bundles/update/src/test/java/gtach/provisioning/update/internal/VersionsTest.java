package gtach.provisioning.update.internal;

import gtach.provisioning.version.SemanticRange;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class VersionsTest {

    @Test
    void aPreReleaseComesBeforeItsRelease() {
        List<Version> sorted = Stream.of("1.2.0", "1.2.0.rc_1", "1.10.0", "1.1.9").map(Version::parseVersion)
                .sorted(Versions.PRECEDENCE).toList();
        assertThat(sorted).extracting(Versions::display).containsExactly("1.1.9", "1.2.0-rc.1", "1.2.0", "1.10.0");
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
    }
}
