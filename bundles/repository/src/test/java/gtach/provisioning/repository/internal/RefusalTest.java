package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.AddOutcome.Status;
import gtach.provisioning.repository.RepositoryException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Every JAR the repository must not store is refused with one sentence, and nothing changes. */
class RefusalTest {

    @TempDir
    Path temp;

    private RepositoryStore store;

    private AddOutcome addOne(Path jar) throws RepositoryException {
        if (store == null) {
            store = RepositoryStore.open(temp.resolve("repository"));
        }
        List<AddOutcome> outcomes = store.add(jar.toString());
        assertThat(outcomes).hasSize(1);
        return outcomes.get(0);
    }

    private void assertRefused(AddOutcome outcome, String message) throws IOException {
        assertThat(outcome.status()).isEqualTo(Status.REFUSED);
        assertThat(outcome.added()).isEmpty();
        assertThat(outcome.message()).isEqualTo(message);
        AddTest.assertNothingStored(store);
    }

    @Test
    void notAZipFile() throws Exception {
        // Given
        Path jar = temp.resolve("notes.jar");
        Files.writeString(jar, "Dear diary, today I was not a JAR.");

        // When
        AddOutcome outcome = addOne(jar);

        // Then
        assertRefused(outcome, "Refused notes.jar: it is not a JAR (it does not start with a ZIP header); nothing was changed.");
    }

    @Test
    void anEmptyFile() throws Exception {
        // Given
        Path jar = Files.createFile(temp.resolve("empty.jar"));

        // When
        AddOutcome outcome = addOne(jar);

        // Then
        assertRefused(outcome, "Refused empty.jar: it is not a JAR (it does not start with a ZIP header); nothing was changed.");
    }

    @Test
    void aTruncatedJar() throws Exception {
        // Given
        Path whole = TestBundle.named("tach", "1.0.0").content("x".repeat(4000)).writeTo(temp.resolve("whole/tach.jar"));
        byte[] bytes = Files.readAllBytes(whole);
        Path jar = Files.write(temp.resolve("tach.jar"), Arrays.copyOf(bytes, bytes.length / 2));

        // When
        AddOutcome outcome = addOne(jar);

        // Then
        assertRefused(outcome, "Refused tach.jar: it is a damaged or truncated JAR (zip END header not found); nothing was changed.");
    }

    @Test
    void aJarWithoutManifest() throws Exception {
        // Given
        Path jar = temp.resolve("classes.jar");
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("a/B.class"));
            zip.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
            zip.closeEntry();
        }

        // When
        AddOutcome outcome = addOne(jar);

        // Then
        assertRefused(outcome, "Refused classes.jar: it has no META-INF/MANIFEST.MF, so it is not an OSGi bundle; nothing was changed.");
    }

    @Test
    void aJarWithoutBundleSymbolicName() throws Exception {
        // Given
        Path jar = TestBundle.withoutIdentity().header("Bundle-Version", "1.0.0").writeTo(temp.resolve("plain.jar"));

        // When
        AddOutcome outcome = addOne(jar);

        // Then
        assertRefused(outcome, "Refused plain.jar: its manifest has no Bundle-SymbolicName, so it is not an OSGi bundle;"
                + " nothing was changed.");
    }

    @Test
    void anInvalidBundleVersion() throws Exception {
        // Given
        Path jar = TestBundle.named("tach", "1.x").writeTo(temp.resolve("tach.jar"));

        // When
        AddOutcome outcome = addOne(jar);

        // Then
        assertRefused(outcome, "Refused tach.jar: its Bundle-Version \"1.x\" is invalid (invalid version \"1.x\":"
                + " non-numeric \"x\"); nothing was changed.");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "..               | it has an empty segment (a leading, trailing or doubled dot)",
        ".hidden          | it has an empty segment (a leading, trailing or doubled dot)",
        "a..b             | it has an empty segment (a leading, trailing or doubled dot)",
        "trailing.        | it has an empty segment (a leading, trailing or doubled dot)",
        "../escape        | it contains the character '/'",
        "a/b              | it contains the character '/'",
        "'a\\b'           | it contains the character '\\'",
        "'with space'     | it contains the character U+0020",
        "CON              | it is a device name reserved by Windows",
        "nul.driver       | it is a device name reserved by Windows",
        "Lpt1             | it is a device name reserved by Windows",
        "index.json       | it is a name the repository reserves for its own files",
        "tmp              | it is a name the repository reserves for its own files",
        "naïve            | it contains the character 'ï'",
    })
    void anUnsafeSymbolicName(String name, String problem) throws Exception {
        // Given
        Path jar = TestBundle.named(name, "1.0.0").writeTo(temp.resolve("evil.jar"));

        // When
        AddOutcome outcome = addOne(jar);

        // Then
        assertRefused(outcome, "Refused evil.jar: its Bundle-SymbolicName \"" + name + "\" is not safe as a directory name ("
                + problem + "); nothing was changed.");
    }

    @Test
    void aSymbolicNameWithAControlCharacter() throws Exception {
        // Given: a manifest value cannot hold a newline, but it can hold other control characters
        Path jar = TestBundle.named("bell\u0007name", "1.0.0").writeTo(temp.resolve("evil.jar"));

        // When
        AddOutcome outcome = addOne(jar);

        // Then
        assertRefused(outcome, "Refused evil.jar: its Bundle-SymbolicName \"bell\\u0007name\" is not safe as a directory name"
                + " (it contains the character U+0007); nothing was changed.");
    }

    @Test
    void aSymbolicNameOver255Bytes() throws Exception {
        // Given
        String name = "a".repeat(256);
        Path jar = TestBundle.named(name, "1.0.0").writeTo(temp.resolve("long.jar"));

        // When
        AddOutcome outcome = addOne(jar);

        // Then
        assertRefused(outcome, "Refused long.jar: its Bundle-SymbolicName \"" + name + "\" is not safe as a directory name"
                + " (it is longer than 255 bytes); nothing was changed.");
    }

    @Test
    void aVersionOver255Bytes() throws Exception {
        // Given
        String version = "1.0.0." + "q".repeat(250);
        Path jar = TestBundle.named("tach", version).writeTo(temp.resolve("long.jar"));

        // When
        AddOutcome outcome = addOne(jar);

        // Then
        assertRefused(outcome, "Refused long.jar: its Bundle-Version \"" + version + "\" is not safe as a directory name"
                + " (it is longer than 255 bytes); nothing was changed.");
    }

    @Test
    void aManifestOverOneMebibyte() throws Exception {
        // Given
        Path jar = TestBundle.named("huge", "1.0.0")
                .header("Bundle-Description", "x".repeat(BundleReader.MAX_MANIFEST_BYTES))
                .writeTo(temp.resolve("huge.jar"));

        // When
        AddOutcome outcome = addOne(jar);

        // Then
        assertRefused(outcome, "Refused huge.jar: its manifest is larger than 1 MiB; nothing was changed.");
    }

    @Test
    void anInvalidImportRange() throws Exception {
        // Given
        Path jar = TestBundle.named("tach", "1.0.0").imports("gtach.bus;version=\"[1,x)\"").writeTo(temp.resolve("tach.jar"));

        // When
        AddOutcome outcome = addOne(jar);

        // Then
        assertRefused(outcome, "Refused tach.jar: its Import-Package gives gtach.bus the invalid version range \"[1,x)\";"
                + " nothing was changed.");
    }

    @Test
    void anInvalidExportVersion() throws Exception {
        // Given
        Path jar = TestBundle.named("tach", "1.0.0").exports("gtach.api;version=one").writeTo(temp.resolve("tach.jar"));

        // When
        AddOutcome outcome = addOne(jar);

        // Then
        assertRefused(outcome, "Refused tach.jar: its Export-Package gives gtach.api the invalid version \"one\"; nothing was changed.");
    }

    @Test
    void anInvalidRequirementFilter() throws Exception {
        // Given
        Path jar = TestBundle.named("tach", "1.0.0")
                .header("Require-Capability", "gtach.gauge;filter:=\"(&(kind=speed)\"")
                .writeTo(temp.resolve("tach.jar"));

        // When
        AddOutcome outcome = addOne(jar);

        // Then
        assertRefused(outcome, "Refused tach.jar: its gtach.gauge requirement has the invalid filter \"(&(kind=speed)\";"
                + " nothing was changed.");
    }

    @Test
    void anUnreadableFileInADirectory() throws Exception {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "permissions do not apply to root");
        // Given
        Path directory = temp.resolve("jars");
        Path jar = TestBundle.named("secret", "1.0.0").writeTo(directory.resolve("secret.jar"));
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("---------"));
        store = RepositoryStore.open(temp.resolve("repository"));

        // When
        List<AddOutcome> outcomes = store.add(directory.toString());

        // Then
        assertThat(outcomes).singleElement().satisfies(outcome ->
                assertRefused(outcome, "Refused secret.jar: it cannot be read (permission denied); nothing was changed."));
    }

    @Test
    void anUnreadableDirectory() throws Exception {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "permissions do not apply to root");
        // Given
        Path directory = temp.resolve("jars");
        TestBundle.named("secret", "1.0.0").writeTo(directory.resolve("secret.jar"));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("---------"));
        store = RepositoryStore.open(temp.resolve("repository"));

        try {
            // When / Then
            assertThatThrownBy(() -> store.add(directory.toString()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Cannot add " + directory + ": the directory cannot be read (permission denied); nothing was changed.");
            AddTest.assertNothingStored(store);
        } finally {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void anUnreadableRepositoryDirectory() throws Exception {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "permissions do not apply to root");
        // Given
        Path root = Files.createDirectories(temp.resolve("locked"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("---------"));

        try {
            // When / Then
            assertThatThrownBy(() -> RepositoryStore.open(root))
                    .isInstanceOf(RepositoryException.class)
                    .hasMessage("Cannot open the repository at " + root + ": permission denied (" + root.resolve("packages")
                            + "); nothing stored was changed.");
        } finally {
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void manifestTextIsNotInterpretedAsUtf16() throws Exception {
        // Given: a description with characters outside Latin-1 is stored as given
        Path jar = TestBundle.named("unicode", "1.0.0").header("Bundle-Description", "Drehzahl → Anzeige")
                .writeTo(temp.resolve("u.jar"));

        // When
        AddOutcome outcome = addOne(jar);

        // Then
        assertThat(outcome.status()).isEqualTo(Status.ADDED);
        assertThat(outcome.added().orElseThrow().description()).isEqualTo("Drehzahl → Anzeige");
        assertThat(new String(Files.readAllBytes(store.root().resolve("packages/unicode/1.0.0/package.json")),
                StandardCharsets.UTF_8)).contains("Drehzahl → Anzeige");
    }
}
