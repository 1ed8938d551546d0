package gtach.provisioning.log.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A log file rotated by size, with logrotate's names: {@code gtach.log} is always the live file,
 * {@code gtach.log.1} the one before it, and so on up to {@code gtach.log.<files-1>}.
 * <p>
 * Not {@code java.util.logging.FileHandler}: it names the live file gtach.log.0 and leaves .lck files beside it.
 * <p>
 * Each record is handed to the operating system in one unbuffered write, so whoever tails the file
 * sees it at once and whole. After an I/O failure the next write opens the file again. Thread-safe.
 */
final class RotatingLogFile implements AutoCloseable {

    private final Path file;
    private final long maxBytes;
    private final int files;
    private OutputStream out;
    private long size;

    /**
     * @param file the live file; its directory is created when missing
     * @param maxBytes the size a file may reach; a record that would take it further goes to a new
     *        file, except into an empty one: a record longer than the limit is written whole
     * @param files how many files are kept, the live one included; at least 1
     */
    RotatingLogFile(Path file, long maxBytes, int files) {
        if (maxBytes < 1 || files < 1) {
            throw new IllegalArgumentException("Cannot rotate " + file + " at " + maxBytes + " bytes keeping " + files
                    + " files: both must be at least 1.");
        }
        this.file = file.toAbsolutePath();
        this.maxBytes = maxBytes;
        this.files = files;
    }

    /** The live file. */
    Path file() {
        return file;
    }

    /** Appends a record (one or more whole lines, with their line breaks), rotating first when it would not fit. */
    synchronized void write(byte[] record) throws IOException {
        try {
            if (out == null) {
                open();
            }
            if (size > 0 && size + record.length > maxBytes) {
                rotate();
            }
            out.write(record);
            size += record.length;
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** Appends to an existing file, as a restarted runtime continues its log. */
    private void open() throws IOException {
        Files.createDirectories(file.getParent());
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    private void rotate() throws IOException {
        out.close();
        out = null;
        Files.deleteIfExists(files == 1 ? file : numbered(files - 1));
        // and what a larger setting of files left behind
        for (int n = files; Files.exists(numbered(n)); n++) {
            Files.delete(numbered(n));
        }
        for (int n = files - 2; n >= 1; n--) {
            if (Files.exists(numbered(n))) {
                Files.move(numbered(n), numbered(n + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (files > 1) {
            Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
    }

    private Path numbered(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    private void closeQuietly() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // Already failing: the caller hears about the first failure.
            }
            out = null;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            OutputStream closing = out;
            out = null;
            closing.close();
        }
    }
}
