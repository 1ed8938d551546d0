package gtach.provisioning.repository.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * The {@code generation} file: a counter every write bumps before it changes anything, so that
 * an index built from another generation is known to be stale. Readers notice another process's
 * writes by its {@link Stamp}, which costs one {@code stat}.
 */
final class GenerationFile {

    /** The generation of a repository that was never written. */
    static final long NONE = 0;
    /** The value {@link #read} gives for a file that is not a number. */
    static final long UNREADABLE = -1;

    private static final int MAX_BYTES = 64;

    private final Path file;
    private final Path scratch;

    GenerationFile(Path file, Path scratch) {
        this.file = file;
        this.scratch = scratch;
    }

    /**
     * What identifies one version of the file. Every write renames a new file into place, which
     * gives it a new modification time and usually a new file key. File systems keep coarse times
     * and reuse file keys, though, so two writes in quick succession may leave equal stamps: an
     * unchanged stamp only proves an unchanged generation once the file is a little older.
     */
    record Stamp(FileTime modified, long size, Object fileKey) {

        static final Stamp MISSING = new Stamp(FileTime.fromMillis(0), -1, null);

        /** How long after a write a stamp alone is not trusted. */
        private static final long SETTLE_MILLIS = 2000;

        /** Whether an equal stamp proves that the file did not change. */
        boolean settled() {
            return System.currentTimeMillis() - modified.toMillis() > SETTLE_MILLIS;
        }
    }

    Stamp stamp() throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        } catch (NoSuchFileException e) {
            return Stamp.MISSING;
        }
    }

    /** The generation: {@link #NONE} when the file is missing, {@link #UNREADABLE} when it is not a number. */
    long read() throws IOException {
        byte[] content;
        try {
            if (Files.size(file) > MAX_BYTES) {
                return UNREADABLE;
            }
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return NONE;
        }
        try {
            long generation = Long.parseLong(new String(content, StandardCharsets.US_ASCII).trim());
            return generation >= 0 ? generation : UNREADABLE;
        } catch (NumberFormatException e) {
            return UNREADABLE;
        }
    }

    /** Replaces the generation durably. */
    void write(long generation) throws IOException {
        DurableFiles.replace(file, scratch, (generation + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return Objects.toString(file);
    }
}
