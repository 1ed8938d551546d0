package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import gtach.provisioning.repository.RepositoryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;

/** A repository component configured with a path or timeouts that cannot work says so in one sentence. */
class RepositoryConfigurationTest {

    @TempDir
    Path temp;

    private final RecordingLogger log = new RecordingLogger();

    /** The configuration as SCR would hand it over, with the defaults of the annotation for what is not given. */
    private static DirectoryRepository.Config config(String path, int idleSeconds, int totalSeconds) {
        return config(path, idleSeconds, totalSeconds, 3, 1000);
    }

    private static DirectoryRepository.Config config(String path, int idleSeconds, int totalSeconds, int attempts,
            int retryDelayMillis) {
        return (DirectoryRepository.Config) Proxy.newProxyInstance(DirectoryRepository.Config.class.getClassLoader(),
                new Class<?>[] {DirectoryRepository.Config.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "path" -> path;
                    case "download_idle_seconds" -> idleSeconds;
                    case "download_total_seconds" -> totalSeconds;
                    case "download_attempts" -> attempts;
                    case "download_retry_delay_millis" -> retryDelayMillis;
                    case "annotationType" -> DirectoryRepository.Config.class;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private DirectoryRepository activate(String path, int idleSeconds, int totalSeconds) throws RepositoryException {
        return new DirectoryRepository(null, config(path, idleSeconds, totalSeconds), log.logger);
    }

    @Test
    void aUsableDirectoryOpens() throws Exception {
        // When
        DirectoryRepository repository = activate(temp.resolve("repository").toString(), 30, 600);

        // Then
        assertThat(repository.root()).isEqualTo(temp.resolve("repository"));
        assertThat(log.at("ERROR")).isEmpty();
    }

    @Test
    void aFileInsteadOfADirectoryIsNamed() throws Exception {
        // Given
        Path file = Files.writeString(temp.resolve("repository"), "not a directory");
        String expected = "Cannot open the repository at " + file + ": it is a file, not a directory; nothing stored was changed.";

        // When / Then
        assertThatThrownBy(() -> activate(file.toString(), 30, 600))
                .isInstanceOf(RepositoryException.class)
                .hasMessage(expected);
        assertThat(log.at("ERROR")).containsExactly(expected);
        assertThat(file).hasContent("not a directory");
    }

    @Test
    void aPathBelowAFileIsNamed() throws Exception {
        // Given
        Path file = Files.writeString(temp.resolve("file"), "in the way");
        Path below = file.resolve("repository");

        // When / Then
        assertThatThrownBy(() -> activate(below.toString(), 30, 600))
                .isInstanceOf(RepositoryException.class)
                .hasMessageStartingWith("Cannot open the repository at " + below + ": the directory cannot be created (")
                .hasMessageEndingWith("); nothing stored was changed.");
        assertThat(log.at("ERROR")).hasSize(1);
    }

    @Test
    void aPathThatCannotBeCreatedIsNamed() {
        // Given a file system where nothing can be created (Linux)
        assumeThat(Path.of("/proc/self")).exists();

        // When / Then
        assertThatThrownBy(() -> activate("/proc/nope", 30, 600))
                .isInstanceOf(RepositoryException.class)
                .hasMessageStartingWith("Cannot open the repository at /proc/nope: the directory cannot be created (")
                .hasMessageEndingWith("); nothing stored was changed.");
        assertThat(log.at("ERROR")).singleElement().asString().startsWith("Cannot open the repository at /proc/nope: ");
    }

    @Test
    void aDirectoryThatCannotBeWrittenIsNamed() throws Exception {
        // Given a repository directory made read-only (root may write anyway: then there is nothing to see)
        Path root = temp.resolve("repository");
        RepositoryStore.open(root);
        Path tmp = root.resolve("tmp");
        assumeThat(tmp.toFile().setWritable(false, false)).isTrue();
        try {
            assumeThat(Files.isWritable(tmp)).isFalse();

            // When / Then
            assertThatThrownBy(() -> activate(root.toString(), 30, 600))
                    .isInstanceOf(RepositoryException.class)
                    .hasMessageStartingWith("Cannot open the repository at " + root
                            + ": the directory cannot be written (permission denied (" + tmp);
        } finally {
            tmp.toFile().setWritable(true, false);
        }
    }

    @Test
    void invalidDownloadTimeoutsAreNamed() {
        // When / Then
        assertThatThrownBy(() -> activate(temp.resolve("repository").toString(), 0, 600))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid configuration gtach.provisioning.repository: the download idle timeout must be "
                        + "positive, not 0 s.");
        assertThatThrownBy(() -> activate(temp.resolve("repository").toString(), 60, 30))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid configuration gtach.provisioning.repository: the download idle timeout (1 min) "
                        + "must not exceed the total timeout (30 s).");
        assertThat(log.at("ERROR")).hasSize(2);
        assertThat(temp.resolve("repository")).doesNotExist();
    }

    @Test
    void invalidDownloadRetriesAreNamed() {
        // When / Then
        Path root = temp.resolve("repository");
        assertThatThrownBy(() -> new DirectoryRepository(null, config(root.toString(), 30, 600, 0, 1000), log.logger))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid configuration gtach.provisioning.repository: the download attempts must be at least 1, not 0.");
        assertThatThrownBy(() -> new DirectoryRepository(null, config(root.toString(), 30, 600, 3, -5), log.logger))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid configuration gtach.provisioning.repository: the download retry delay must not be "
                        + "negative, not -5 ms.");
        assertThat(log.at("ERROR")).hasSize(2);
        assertThat(root).doesNotExist();
    }
}
