package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;

import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.testing.NginxServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A download that the disk cannot hold: a child JVM runs the add under a file-size limit
 * ({@code ulimit -f}; HotSpot ignores SIGXFSZ, so the write fails with EFBIG as on a full disk, for
 * root too). The refusal is one sentence naming the limit and the directory, nothing partial is left,
 * and what was stored before is intact.
 */
class FullDiskDownloadTest {

    /** 1 MiB, in the 1 KiB blocks of {@code ulimit -f}: above every file of the store, below the 1.5 MiB JAR. */
    private static final int LIMIT_BLOCKS = 1024;

    @TempDir
    Path temp;

    @Test
    void aDownloadLargerThanTheRoomLeftIsRefusedWithNothingPartialLeft() throws Exception {
        // Given: a stored package, and a JAR served that is larger than the file-size limit
        Path published = Files.createDirectories(temp.resolve("published"));
        Path small = TestBundle.named("stored.before", "1.0.0").writeTo(published.resolve("small.jar"));
        Files.copy(TestBundle.real("jackson-databind-2.17.2.jar"), published.resolve("large.jar"));
        assertThat(Files.size(published.resolve("large.jar"))).isGreaterThan(LIMIT_BLOCKS * 1024L);
        Path root = temp.resolve("repository");
        RepositoryStore.open(root).add(small.toString());

        try (NginxServer nginx = NginxServer.serving(published).start()) {
            String url = nginx.url("/large.jar");

            // When
            String output = addUnderFileSizeLimit(root, url);

            // Then
            assertThat(output).isEqualTo("REFUSED Cannot add " + url + ": the repository cannot be written"
                    + " (the file-size limit is reached in " + root.toRealPath().resolve("tmp") + "); nothing was changed.");
            assertThat(nginx.accessLog()).contains("\"GET /large.jar HTTP/1.1\" 200 ");
        }
        RepositoryStore store = RepositoryStore.open(root);
        try (var entries = Files.list(root.resolve("tmp"))) {
            assertThat(entries).as("nothing partial left, not even to resume").isEmpty();
        }
        assertThat(store.list("*")).extracting(info -> info.id().symbolicName()).containsExactly("stored.before");
        PackageInfo before = store.get("stored.before", "1.0.0").orElseThrow();
        assertThat(store.bundleFile(before.id())).hasSameBinaryContentAs(small);
        assertThat(store.verify().quarantined()).isEmpty();
        assertThat(store.verify().checked()).isEqualTo(1);
    }

    @Test
    void aRemotesJarLargerThanTheRoomLeftIsRefusedWithNothingPartialLeftToResume() throws Exception {
        // Given: a remote's JAR larger than the file-size limit
        Path published = Files.createDirectories(temp.resolve("published"));
        Path large = Files.copy(TestBundle.real("jackson-databind-2.17.2.jar"), published.resolve("large.jar"));
        DurableFiles.Content content = DurableFiles.hash(large);
        Path incoming = Files.createDirectories(temp.resolve("remotes/main/incoming"));

        try (NginxServer nginx = NginxServer.serving(published).start()) {
            // When
            String output = underFileSizeLimit(FullDiskRemoteDownload.class, incoming.resolve("large-1.0.0.jar").toString(),
                    nginx.url("/"), "large.jar", content.sha256(), Long.toString(content.size()));

            // Then
            assertThat(output).isEqualTo("REFUSED Cannot download large 1.0.0 of remote main: the file-size limit is reached in "
                    + incoming.toAbsolutePath() + "; nothing was changed.");
            assertThat(nginx.accessLog()).contains("\"GET /large.jar HTTP/1.1\" 200 ");
        }
        try (var entries = Files.list(incoming)) {
            assertThat(entries).as("nothing partial left, not even to resume").isEmpty();
        }
    }

    private String addUnderFileSizeLimit(Path root, String url) throws Exception {
        return underFileSizeLimit(FullDiskDownload.class, root.toString(), url);
    }

    private String underFileSizeLimit(Class<?> main, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of("bash", "-c", "ulimit -f " + LIMIT_BLOCKS + " && exec \"$@\"",
                "limited", java, "-Xmx128m", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> lines = new String(output, StandardCharsets.UTF_8).lines().toList();
        assertThat(process.exitValue()).as("child output: %s", lines).isZero();
        return lines.get(lines.size() - 1);
    }
}
