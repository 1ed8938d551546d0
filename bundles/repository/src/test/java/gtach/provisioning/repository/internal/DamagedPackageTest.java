package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gtach.provisioning.repository.PackageId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A damaged package.json of a package in use, with index.json gone: the repository opens, names the
 * damaged package and what to do, serves the rest, and never deletes the JAR.
 */
class DamagedPackageTest {

    @TempDir
    Path temp;

    private Path root;
    private Path tachJson;
    private final RecordingLogger log = new RecordingLogger();

    @BeforeEach
    void fill() throws Exception {
        root = temp.resolve("repository");
        Path jars = temp.resolve("jars");
        TestBundle.named("tach", "1.0.0").writeTo(jars.resolve("tach.jar"));
        TestBundle.named("bus", "2.0.0").writeTo(jars.resolve("bus.jar"));
        RepositoryStore store = RepositoryStore.open(root);
        store.add(jars.toString());
        store.markInUse("update", List.of(id("tach", "1.0.0"), id("bus", "2.0.0")));
        tachJson = root.resolve("packages/tach/1.0.0/package.json");
    }

    private static PackageId id(String name, String version) {
        return new PackageId(name, Version.parseVersion(version));
    }

    /** Damages tach's package.json in one of the ways a crash or a careless edit does. */
    private void damage(String how) throws Exception {
        byte[] content = Files.readAllBytes(tachJson);
        switch (how) {
            case "truncated" -> Files.write(tachJson, Arrays.copyOf(content, content.length / 2));
            case "bad UTF-8" -> {
                byte[] bad = content.clone();
                bad[bad.length / 2] = (byte) 0xC3;
                bad[bad.length / 2 + 1] = (byte) 0x28;
                Files.write(tachJson, bad);
            }
            case "duplicate key" -> Files.writeString(tachJson,
                    Files.readString(tachJson).replaceFirst("\\{", "{\"format\":1,"));
            default -> throw new IllegalArgumentException(how);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"truncated", "bad UTF-8", "duplicate key"})
    void theRepositoryOpensNamesTheDamagedPackageAndServesTheRest(String how) throws Exception {
        // Given
        damage(how);
        Files.delete(root.resolve("index.json"));

        // When
        RepositoryStore store = RepositoryStore.open(root, log.logger);

        // Then the rest is served
        assertThat(store.list("*")).extracting(info -> info.id().toString()).containsExactly("bus 2.0.0");
        assertThat(store.bundleFile(id("bus", "2.0.0"))).isRegularFile();
        // and the damaged one is named once in the log, with what to do
        assertThat(log.at("WARN")).filteredOn(line -> line.contains("tach 1.0.0")).singleElement().asString()
                .startsWith("The package tach 1.0.0 is damaged: its " + tachJson + " is unusable (")
                .endsWith("), so the repository leaves it out until gtach:verify moves it to quarantine and its original"
                        + " JAR is stored again with gtach:add; its bundle.jar is kept.");
        assertThat(store.whyAbsent(id("tach", "1.0.0")).orElseThrow()).startsWith("The package tach 1.0.0 is damaged: ");
        assertThatThrownBy(() -> store.bundleFile(id("tach", "1.0.0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The package tach 1.0.0 is damaged: ");
    }

    @Test
    void markingADamagedPackageInUseKeepsItMarkedAndItsJar() throws Exception {
        // Given
        damage("truncated");
        Files.delete(root.resolve("index.json"));
        RepositoryStore store = RepositoryStore.open(root, log.logger);

        // When the update service marks its generation's packages again, the damaged one among them
        store.markInUse("update", List.of(id("tach", "1.0.0"), id("bus", "2.0.0")));

        // Then nothing is refused, the mark stays, and the JAR is where it was
        assertThat(store.inUse()).containsExactlyInAnyOrder(id("tach", "1.0.0"), id("bus", "2.0.0"));
        assertThat(root.resolve("packages/tach/1.0.0/bundle.jar")).isRegularFile();
        assertThat(log.at("WARN")).anySatisfy(line -> assertThat(line)
                .startsWith("tach 1.0.0 stays marked in use by update although the repository cannot serve it (The package"));
        // and gc, which only sees what it can serve, leaves it alone
        store.gc(1);
        assertThat(root.resolve("packages/tach/1.0.0/bundle.jar")).isRegularFile();
    }

    @Test
    void aPackageNeitherStoredNorKnownIsStillRefused() throws Exception {
        RepositoryStore store = RepositoryStore.open(root);
        assertThatThrownBy(() -> store.markInUse("update", List.of(id("speed", "9.0.0"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot mark speed 9.0.0 in use by update: no such package in the repository; nothing was changed.");
    }
}
