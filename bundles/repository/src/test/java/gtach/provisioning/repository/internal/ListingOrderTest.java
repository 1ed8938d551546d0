package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;

import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.version.VersionOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** versions, list and gc follow the version bundle's order, the one the update service picks the newest by. */
class ListingOrderTest {

    @TempDir
    Path temp;

    @Test
    void aReleaseAndTwoReleaseCandidatesAreListedInTheVersionOrder() throws Exception {
        // Given: rc_1 is a SemVer pre-release, rc_01 has no SemVer reading (leading zero)
        Path jars = temp.resolve("jars");
        List<String> added = List.of("1.0.0.rc_01", "1.0.0", "1.0.0.rc_1");
        for (int i = 0; i < added.size(); i++) {
            TestBundle.named("tach", added.get(i)).writeTo(jars.resolve("tach-" + i + ".jar"));
        }
        RepositoryStore store = RepositoryStore.open(temp.resolve("repository"));
        store.add(jars.toString());
        List<Version> expected = new ArrayList<>(added.stream().map(Version::parseVersion).toList());
        expected.sort(VersionOrder.PRECEDENCE);

        // When
        List<Version> listed = versions(store.versions("tach"));

        // Then
        assertThat(listed).isEqualTo(expected).map(Version::toString)
                .containsExactly("1.0.0.rc_1", "1.0.0", "1.0.0.rc_01");
        assertThat(versions(store.list("tach"))).isEqualTo(listed);

        // When: gc keeps the highest
        store.gc(1);

        // Then
        assertThat(versions(store.versions("tach"))).containsExactly(Version.parseVersion("1.0.0.rc_01"));
    }

    private static List<Version> versions(List<PackageInfo> infos) {
        return infos.stream().map(info -> info.id().version()).toList();
    }
}
