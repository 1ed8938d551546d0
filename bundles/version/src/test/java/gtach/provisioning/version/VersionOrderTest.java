package gtach.provisioning.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.Version;

class VersionOrderTest {

    private static final Version RELEASE = Version.parseVersion("1.0.0");
    private static final Version RC_01 = Version.parseVersion("1.0.0.rc_01");
    private static final Version RC_1 = Version.parseVersion("1.0.0.rc_1");

    @Test
    void releaseAndTwoReleaseCandidatesSortAlikeFromEveryStartingOrder() {
        // Given: 1.0.0 < 1.0.0.rc_01 < 1.0.0.rc_1 < 1.0.0 under the old pairwise rule
        List<List<Version>> startingOrders = List.of(
                List.of(RELEASE, RC_01, RC_1), List.of(RELEASE, RC_1, RC_01), List.of(RC_01, RELEASE, RC_1),
                List.of(RC_01, RC_1, RELEASE), List.of(RC_1, RELEASE, RC_01), List.of(RC_1, RC_01, RELEASE));

        for (List<Version> start : startingOrders) {
            // When
            List<Version> sorted = new ArrayList<>(start);
            sorted.sort(VersionOrder.PRECEDENCE);

            // Then: the SemVer pre-release first, the version without a SemVer reading last
            assertThat(sorted).as("sorted from %s", start).containsExactly(RC_1, RELEASE, RC_01);
            assertThat(start.stream().max(VersionOrder.PRECEDENCE)).contains(RC_01);
            assertThat(start.stream().sorted(VersionOrder.PRECEDENCE.reversed()).findFirst()).contains(RC_01);
        }
    }

    @Test
    void leadingZeroLeavesNoSemVerReadingWhileATimestampReadsAsAPreReleaseButIsARelease() {
        // When
        var rc01 = SemanticVersion.tryFromOsgiVersion(RC_01);
        var timestamp = SemanticVersion.tryFromOsgiVersion(Version.parseVersion("1.0.0.202109301733"));

        // Then: the SemVer mapping reads the timestamp as a pre-release, the order takes it for a release
        assertThat(rc01).isEmpty();
        assertThat(Stream.of("1.0.0.0123", "1.0.0._bad", "1.0.0.bad_", "1.0.0.a___b").map(Version::parseVersion))
                .allSatisfy(v -> assertThat(SemanticVersion.tryFromOsgiVersion(v)).as("%s", v).isEmpty());
        assertThat(VersionOrder.isPreRelease(RC_01)).isFalse();
        assertThat(timestamp).map(SemanticVersion::toString).contains("1.0.0-202109301733");
        assertThat(VersionOrder.isPreRelease(Version.parseVersion("1.0.0.202109301733"))).isFalse();
        assertThat(VersionOrder.isPreRelease(RC_1)).isTrue();
        assertThat(VersionOrder.isPreRelease(RELEASE)).isFalse();
        assertThat(VersionOrder.isPreRelease(Version.parseVersion("1.0.0.__build_5"))).isFalse();
    }

    @ParameterizedTest(name = "1.0.0.{0} is a release")
    @ValueSource(strings = {"202109301733", "20210930", "20210930173300", "v20210930-1200", "V20210930-120000",
        "v20240101", "20211231-1", "19990101", "RELEASE", "release", "Release", "FINAL", "Final", "final", "GA", "ga", "Ga"})
    void releaseQualifiersAreReleasesAboveTheBareVersion(String qualifier) {
        // Given
        Version stamped = new Version(1, 0, 0, qualifier);

        // Then: not a pre-release, and above 1.0.0 and its build metadata, as OSGi orders it
        assertThat(VersionOrder.isPreRelease(stamped)).isFalse();
        assertThat(VersionOrder.compare(stamped, RELEASE)).isPositive();
        assertThat(VersionOrder.compare(stamped, Version.parseVersion("1.0.0.__zzz"))).isPositive();
        assertThat(VersionOrder.compare(stamped, Version.parseVersion("1.0.1.rc_1"))).isNegative();
    }

    @ParameterizedTest(name = "1.0.0.{0} is a pre-release")
    @ValueSource(strings = {"SNAPSHOT", "snapshot", "rc_1", "beta-2", "alpha", "1", "2024010", "202109301733000",
        "20211301", "20210932", "20210900", "20210930-", "20210930-1234567", "20210930_1200", "x20210930",
        "v2024-01-01", "10000101", "22390715", "18991231", "20210930-SNAPSHOT", "SNAPSHOT-20210930", "GA1", "RELEASE-2", "RC", "M1"})
    void otherQualifiersWithASemVerReadingStayPreReleases(String qualifier) {
        // Given
        Version qualified = new Version(1, 0, 0, qualifier);

        // Then
        assertThat(VersionOrder.isPreRelease(qualified)).as("%s", qualified).isTrue();
        assertThat(VersionOrder.compare(qualified, RELEASE)).isNegative();
    }

    @ParameterizedTest(name = "1.0.0.{0} is a snapshot")
    @ValueSource(strings = {"SNAPSHOT", "snapshot", "Snapshot", "rc_1_SNAPSHOT", "rc-SNAPSHOT", "20210930-SNAPSHOT", "SNAPSHOT__build_1"})
    void snapshotsAreUnreleasedPreReleases(String qualifier) {
        // Given
        Version snapshot = new Version(1, 0, 0, qualifier);

        // Then
        assertThat(VersionOrder.isSnapshot(snapshot)).as("%s", snapshot).isTrue();
        assertThat(VersionOrder.isPreRelease(snapshot)).isTrue();
    }

    @ParameterizedTest(name = "1.0.0.{0} is no snapshot")
    @ValueSource(strings = {"", "rc_1", "SNAPSHOT-20210930", "SNAPSHOT_1", "SNAPSHOTS", "MYSNAPSHOT", "202109301733", "RELEASE",
        "SNAPSHOT_rc"})
    void releasesAndOtherPreReleasesAreNoSnapshots(String qualifier) {
        // Given
        Version version = new Version(1, 0, 0, qualifier);

        // Then
        assertThat(VersionOrder.isSnapshot(version)).as("%s", version).isFalse();
    }

    @Test
    void ordersOneMajorMinorMicroAsDocumented() {
        // Given: the documented order, from the lowest
        List<Version> expected = Stream.of("0.9.9.zzz", "1.0.0.SNAPSHOT", "1.0.0.alpha", "1.0.0.beta-2", "1.0.0.rc_1",
                        "1.0.0.rc_2", "1.0.0.rc_10", "1.0.0", "1.0.0.__build_5", "1.0.0.0123", "1.0.0.202109301733",
                        "1.0.0.202110011200", "1.0.0.Final", "1.0.0.RELEASE", "1.0.0.ga", "1.0.0.rc_01",
                        "1.0.0.rc_01__b", "1.0.0.v20240101", "1.0.1.rc_1", "1.0.1", "1.10.0")
                .map(Version::parseVersion).toList();
        List<Version> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new Random(7));

        // When
        shuffled.sort(VersionOrder.PRECEDENCE);

        // Then
        assertThat(shuffled).isEqualTo(expected);
    }

    @Test
    void sortingAThousandShuffledMixedVersionsNeverFailsAndGivesTheTreeSetOrder() {
        // Given: distinct versions, with and without a SemVer reading, over few major.minor.micro
        List<String> qualifiers = List.of("", "rc_1", "rc_01", "rc_2", "rc_10", "202109301733", "202110011200",
                "SNAPSHOT", "v20240101", "beta-2", "beta_2", "alpha", "alpha_1", "alpha_beta", "0123", "1", "01", "_bad",
                "a___b", "__build_1", "__b", "rc_1__b", "rc_01__b", "final", "M1", "M_01", "x-y", "10", "2", "Z",
                "rc_1__001", "beta_2__exp-2", "v2024-01-01", "2021_09_30", "RELEASE", "GA", "-", "0_3_7", "x_7_z_92",
                "alpha__001");
        List<Version> versions = new ArrayList<>();
        for (int major = 0; major < 3; major++) {
            for (int minor = 0; minor < 3; minor++) {
                for (int micro = 0; micro < 3; micro++) {
                    for (String qualifier : qualifiers) {
                        versions.add(new Version(major, minor, micro, qualifier));
                    }
                }
            }
        }
        Random random = new Random(20240101);
        Collections.shuffle(versions, random);
        List<Version> mixed = new ArrayList<>(versions.subList(0, 1000));
        assertThat(mixed).filteredOn(v -> SemanticVersion.tryFromOsgiVersion(v).isEmpty()).hasSizeGreaterThan(100);

        for (int round = 0; round < 20; round++) {
            Collections.shuffle(mixed, random);

            // When
            List<Version> sorted = new ArrayList<>(mixed);
            sorted.sort(VersionOrder.PRECEDENCE);
            TreeSet<Version> tree = new TreeSet<>(VersionOrder.PRECEDENCE);
            tree.addAll(mixed);

            // Then
            assertThat(sorted).hasSize(1000).isEqualTo(new ArrayList<>(tree));
        }
    }

    @Test
    void refusesNull() {
        assertThatNullPointerException().isThrownBy(() -> VersionOrder.compare(null, RELEASE)).withMessage("left");
        assertThatNullPointerException().isThrownBy(() -> VersionOrder.compare(RELEASE, null)).withMessage("right");
        assertThatNullPointerException().isThrownBy(() -> VersionOrder.isPreRelease(null)).withMessage("version");
    }
}
