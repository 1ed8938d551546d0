package gtach.provisioning.update.internal;

import gtach.provisioning.update.Attempt;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code history.jsonl}: one attempt per line, oldest first, only ever appended to. Read line by
 * line with a cap per line, so a huge or damaged file costs no more memory than its good lines; a
 * damaged line is left out and named, never a reason to lose the rest. Appending never reads old
 * lines, so an old damaged line cannot fail the recording of an attempt that already committed.
 */
final class HistoryFile {

    /** The attempts read, and a sentence for each line left out because it is damaged. */
    record Lines(List<Attempt> attempts, List<String> damaged) {
    }

    private final Path file;
    private final DurableFiles files;

    HistoryFile(Path file, DurableFiles files) {
        this.file = file;
        this.files = files;
    }

    Path path() {
        return file;
    }

    Lines read() throws IOException {
        if (!Files.exists(file)) {
            return new Lines(List.of(), List.of());
        }
        List<Attempt> attempts = new ArrayList<>();
        List<String> damaged = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            int number = 0;
            while (true) {
                number++;
                boolean tooLong = false;
                line.reset();
                int b;
                while ((b = in.read()) >= 0 && b != '\n') {
                    if (line.size() < StateFormat.MAX_HISTORY_LINE_BYTES) {
                        line.write(b);
                    } else {
                        tooLong = true;
                    }
                }
                boolean whole = b == '\n';
                if (!whole && line.size() == 0) {
                    break;
                }
                byte[] bytes = line.toByteArray();
                if (tooLong) {
                    damaged.add(leftOut(number, "it is longer than the limit of " + StateFormat.MAX_HISTORY_LINE_BYTES
                            + " bytes"));
                } else if (!blank(bytes)) {
                    try {
                        attempts.add(StateFormat.readAttempt(bytes));
                    } catch (StateFormat.Malformed e) {
                        // A last line without its newline is one a crash cut short: never a recorded attempt.
                        if (whole) {
                            damaged.add(leftOut(number, e.getMessage()));
                        }
                    }
                }
                if (!whole) {
                    break;
                }
            }
        }
        return new Lines(attempts, damaged);
    }

    private String leftOut(int line, String problem) {
        return "Line " + line + " of the update history " + file + " is damaged (" + problem
                + ") and is left out of gtach:history; the other attempts are listed, and new ones are still recorded.";
    }

    private static boolean blank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Appends one attempt: the history only grows, so a commit costs the same however long it is. */
    void append(Attempt attempt) throws IOException {
        boolean created = !Files.exists(file);
        byte[] line = (StateFormat.writeAttempt(attempt) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            // A line a crash cut short was never a recorded attempt: drop it before appending.
            long size = channel.size();
            long complete = completeLength(channel, size);
            if (complete < size) {
                channel.truncate(complete);
            }
            channel.write(ByteBuffer.wrap(line), complete);
            files.force(channel, file);
        }
        if (created) {
            files.syncDirectory(file.getParent());
        }
    }

    /** The length up to and including the last newline, found by reading backwards a block at a time. */
    private static long completeLength(FileChannel channel, long size) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(8192);
        long end = size;
        while (end > 0) {
            long start = Math.max(0, end - block.capacity());
            block.clear().limit((int) (end - start));
            while (block.hasRemaining() && channel.read(block, start + block.position()) >= 0) {
                // Read the whole block.
            }
            for (int i = block.position() - 1; i >= 0; i--) {
                if (block.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }
}
