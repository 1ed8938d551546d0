package gtach.provisioning.itests;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/** A runtime's {@code <home>/log/gtach.log}, read as an operator tailing it would. */
final class RuntimeLog {

    private final Path file;

    RuntimeLog(Path home) {
        this.file = home.resolve("log").resolve("gtach.log");
    }

    Path file() {
        return file;
    }

    /** How many bytes the log holds so far; an offset for {@link #from(long)}. */
    long size() throws IOException {
        try {
            return Files.size(file);
        } catch (java.nio.file.NoSuchFileException notYetOrRotating) {
            return 0;
        }
    }

    /** The log from a byte offset on; all of it when it was rotated since, and so is shorter. */
    String from(long offset) throws IOException {
        // No file yet, or for a moment during a rotation: nothing to read now
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = offset <= in.length() ? offset : 0;
            byte[] bytes = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (java.io.FileNotFoundException notYetOrRotating) {
            return "";
        }
    }

    /** Waits until a line written after {@code offset} contains a match of the regular expression. */
    void awaitFinding(long offset, String regex, Duration timeout) throws IOException, InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (from(offset).lines().noneMatch(line -> pattern.matcher(line).find())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No line with \"" + regex + "\" in " + file + " within " + timeout + ":\n" + from(offset));
            }
            Thread.sleep(50);
        }
    }
}
