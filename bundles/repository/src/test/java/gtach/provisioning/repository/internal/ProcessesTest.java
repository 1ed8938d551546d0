package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gtach.provisioning.repository.RepositoryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Processes sharing one repository directory: the file lock serializes their writes. */
class ProcessesTest {

    private static final int PER_PROCESS = 8;

    @TempDir
    Path temp;

    private Process start(Path root, List<Path> jars) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AddingProcess.class.getName(), root.toString()));
        jars.forEach(jar -> command.add(jar.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    @Test
    void twoProcessesAddingAtOnceLoseNothing() throws Exception {
        // Given
        Path root = temp.resolve("repository");
        RepositoryStore watcher = RepositoryStore.open(root);
        List<List<Path>> jars = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < 2 * PER_PROCESS; i++) {
            jars.get(i % 2).add(TestBundle.named("proc" + i, "1.0.0").exports("gtach.proc" + i).writeTo(temp.resolve("p" + i + ".jar")));
        }

        // When
        Process first = start(root, jars.get(0));
        Process second = start(root, jars.get(1));
        String firstOutput = new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String secondOutput = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();

        // Then
        assertThat(first.exitValue()).as(firstOutput).isZero();
        assertThat(second.exitValue()).as(secondOutput).isZero();
        assertThat(firstOutput.lines()).containsOnly("ADDED").hasSize(PER_PROCESS);
        assertThat(secondOutput.lines()).containsOnly("ADDED").hasSize(PER_PROCESS);
        assertThat(watcher.list("proc*")).hasSize(2 * PER_PROCESS);
        assertThat(watcher.exporters("gtach.proc11")).hasSize(1);
        assertThat(root.resolve("generation")).hasContent(String.valueOf(2 * PER_PROCESS));
        assertThat(IndexFormat.read(root.resolve("index.json")).size()).isEqualTo(2 * PER_PROCESS);
    }

    @Test
    void aFileInThePlaceOfTheRepositoryIsRefused() throws Exception {
        // Given
        Path file = Files.writeString(temp.resolve("repository"), "not a directory");

        // When / Then
        assertThatThrownBy(() -> RepositoryStore.open(file))
                .isInstanceOf(RepositoryException.class)
                .hasMessage("Cannot open the repository at " + file + ": it is a file, not a directory;"
                        + " nothing stored was changed.");
    }
}
