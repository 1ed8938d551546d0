package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;

import gtach.provisioning.repository.PackageInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A well-formed index.json that no longer matches the package directories is noticed and rebuilt, not trusted. */
class StaleIndexTest {

    @TempDir
    Path temp;

    private Path root;
    private final RecordingLogger log = new RecordingLogger();

    @BeforeEach
    void fill() throws Exception {
        root = temp.resolve("repository");
        Path jars = temp.resolve("jars");
        TestBundle.named("tach", "1.0.0").writeTo(jars.resolve("tach.jar"));
        TestBundle.named("bus", "2.0.0").writeTo(jars.resolve("bus.jar"));
        RepositoryStore.open(root).add(jars.toString());
    }

    private static List<String> ids(List<PackageInfo> infos) {
        return infos.stream().map(info -> info.id().toString()).toList();
    }

    private static void deleteTree(Path path) throws Exception {
        DurableFiles.deleteTree(path);
    }

    @Test
    void aPackageDirectoryDeletedByHandIsNoticedAtOpen() throws Exception {
        // Given a package directory deleted behind the repository's back, generation unchanged
        deleteTree(root.resolve("packages/tach"));
        String generation = Files.readString(root.resolve("generation"));

        // When
        RepositoryStore store = RepositoryStore.open(root, log.logger);

        // Then
        assertThat(ids(store.list("*"))).containsExactly("bus 2.0.0");
        assertThat(IndexFormat.read(root.resolve("index.json")).size()).isEqualTo(1);
        assertThat(Files.readString(root.resolve("generation"))).isNotEqualTo(generation);
        assertThat(log.at("WARN")).containsExactly("The index of " + root + " no longer matches its package directories"
                + " (tach 1.0.0 is indexed but its directory is gone); rebuilding it from their package.json files.");
    }

    @Test
    void aPackageDirectoryTheIndexLacksIsNoticedAtOpen() throws Exception {
        // Given a sound package directory moved in by hand, generation unchanged
        RepositoryStore scratch = RepositoryStore.open(temp.resolve("elsewhere"));
        scratch.add(TestBundle.named("speed", "3.0.0").writeTo(temp.resolve("speed.jar")).toString());
        Files.createDirectories(root.resolve("packages/speed"));
        Files.move(temp.resolve("elsewhere/packages/speed/3.0.0"), root.resolve("packages/speed/3.0.0"));

        // When
        RepositoryStore store = RepositoryStore.open(root, log.logger);

        // Then
        assertThat(ids(store.list("*"))).containsExactly("bus 2.0.0", "speed 3.0.0", "tach 1.0.0");
        assertThat(log.at("WARN")).containsExactly("The index of " + root + " no longer matches its package directories"
                + " (speed 3.0.0 is stored but not indexed); rebuilding it from their package.json files.");
    }

    @Test
    void anotherInstanceLoadingTheIndexNoticesToo() throws Exception {
        // Given a running store, and a write by another instance after a directory was deleted by hand
        RepositoryStore running = RepositoryStore.open(root, log.logger);
        RepositoryStore other = RepositoryStore.open(root);
        deleteTree(root.resolve("packages/tach"));
        other.add(TestBundle.named("speed", "3.0.0").writeTo(temp.resolve("speed.jar")).toString());

        // When the running store loads the index the other one wrote
        List<PackageInfo> listed = running.list("*");

        // Then it does not trust it
        assertThat(ids(listed)).containsExactly("bus 2.0.0", "speed 3.0.0");
    }

    @Test
    void aMatchingIndexIsTrustedWithoutARebuild() throws Exception {
        // Given
        byte[] index = Files.readAllBytes(root.resolve("index.json"));

        // When
        RepositoryStore store = RepositoryStore.open(root, log.logger);

        // Then
        assertThat(ids(store.list("*"))).containsExactly("bus 2.0.0", "tach 1.0.0");
        assertThat(root.resolve("index.json")).hasBinaryContent(index);
        assertThat(log.lines).noneMatch(line -> line.startsWith("WARN") || line.startsWith("INFO"));
    }
}
