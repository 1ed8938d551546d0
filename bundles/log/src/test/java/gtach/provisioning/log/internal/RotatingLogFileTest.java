package gtach.provisioning.log.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RotatingLogFileTest {

    @TempDir
    Path temp;

    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private String read(String name) throws IOException {
        return Files.readString(temp.resolve(name));
    }

    private String[] names() throws IOException {
        try (Stream<Path> files = Files.list(temp)) {
            return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void rotatesWhenTheNextLineWouldPassTheLimit() throws IOException {
        // Given a limit of 20 bytes and two lines of 10
        try (RotatingLogFile log = new RotatingLogFile(temp.resolve("gtach.log"), 20, 3)) {
            log.write(line("first-ln."));
            log.write(line("second-ln"));
            assertThat(names()).containsExactly("gtach.log");

            // When a third would take the file to 30 bytes
            log.write(line("third-ln."));
        }

        // Then the full file became gtach.log.1 and the third line starts a fresh gtach.log
        assertThat(names()).containsExactly("gtach.log", "gtach.log.1");
        assertThat(read("gtach.log.1")).isEqualTo("first-ln.\nsecond-ln\n");
        assertThat(read("gtach.log")).isEqualTo("third-ln.\n");
    }

    @Test
    void keepsTheNewestFilesNumberedFromOneAndDropsTheOldest() throws IOException {
        // Given room for one line per file and 3 files kept
        try (RotatingLogFile log = new RotatingLogFile(temp.resolve("gtach.log"), 5, 3)) {
            // When five lines are written
            for (int i = 1; i <= 5; i++) {
                log.write(line("ln " + i));
            }
        }

        // Then the live file holds the last, .1 the one before, .2 the one before that; 1 and 2 are gone
        assertThat(names()).containsExactly("gtach.log", "gtach.log.1", "gtach.log.2");
        assertThat(read("gtach.log")).isEqualTo("ln 5\n");
        assertThat(read("gtach.log.1")).isEqualTo("ln 4\n");
        assertThat(read("gtach.log.2")).isEqualTo("ln 3\n");
    }

    @Test
    void aLineLongerThanTheLimitIsWrittenWholeInAFileOfItsOwn() throws IOException {
        String longLine = "x".repeat(50);
        try (RotatingLogFile log = new RotatingLogFile(temp.resolve("gtach.log"), 20, 5)) {
            log.write(line("before"));
            // When a line of 51 bytes comes with a limit of 20
            log.write(line(longLine));
            log.write(line("after"));
        }

        // Then it is neither split nor dropped, and the next line starts a new file again
        assertThat(names()).containsExactly("gtach.log", "gtach.log.1", "gtach.log.2");
        assertThat(read("gtach.log.2")).isEqualTo("before\n");
        assertThat(read("gtach.log.1")).isEqualTo(longLine + "\n");
        assertThat(read("gtach.log")).isEqualTo("after\n");
    }

    @Test
    void reopeningAnExistingLogAppendsAndCountsWhatIsAlreadyThere() throws IOException {
        // Given a gtach.log left by an earlier run, 15 bytes long
        Files.writeString(temp.resolve("gtach.log"), "earlier run ln\n");

        try (RotatingLogFile log = new RotatingLogFile(temp.resolve("gtach.log"), 20, 2)) {
            // When a runtime appends a line that still fits, then one that does not
            log.write(line("fits"));
            assertThat(read("gtach.log")).isEqualTo("earlier run ln\nfits\n");
            log.write(line("next"));
        }

        // Then the earlier content was counted towards the limit
        assertThat(read("gtach.log.1")).isEqualTo("earlier run ln\nfits\n");
        assertThat(read("gtach.log")).isEqualTo("next\n");
    }

    @Test
    void withOneFileKeptRotationStartsTheFileAfresh() throws IOException {
        // Given an old gtach.log.1 from a time more files were kept
        Files.writeString(temp.resolve("gtach.log.1"), "old\n");
        try (RotatingLogFile log = new RotatingLogFile(temp.resolve("gtach.log"), 5, 1)) {
            log.write(line("ln 1"));
            log.write(line("ln 2"));
        }

        assertThat(names()).containsExactly("gtach.log");
        assertThat(read("gtach.log")).isEqualTo("ln 2\n");
    }

    @Test
    void createsTheDirectoryAndCarriesOnOnceItCanWriteAgain() throws IOException {
        // Given a log whose directory is in the way of a plain file
        Path directory = temp.resolve("log");
        Files.writeString(directory, "not a directory");
        RotatingLogFile log = new RotatingLogFile(directory.resolve("gtach.log"), 100, 2);
        assertThatThrownBy(() -> log.write(line("lost"))).isInstanceOf(IOException.class);

        // When the obstacle goes away
        Files.delete(directory);
        log.write(line("kept"));
        log.close();

        // Then the next line is written, in a directory created for it
        assertThat(Files.readString(directory.resolve("gtach.log"))).isEqualTo("kept\n");
    }

    @Test
    void refusesLimitsBelowOne() {
        assertThatThrownBy(() -> new RotatingLogFile(temp.resolve("gtach.log"), 0, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gtach.log").hasMessageContaining("at least 1");
    }
}
