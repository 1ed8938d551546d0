package gtach.provisioning.repository.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * File operations that survive a crash: content is forced to disk before it is renamed into
 * place, renames are atomic, and the directory holding a renamed entry is forced too, so after a
 * power cut a file is either absent or complete.
 */
final class DurableFiles {

    private DurableFiles() {
    }

    /** What {@link #copy} wrote: the SHA-256 (lower-case hex) and the byte count. */
    record Content(String sha256, long size) {
    }

    /** Writes content into a stream it must leave open. */
    @FunctionalInterface
    interface ContentWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Replaces {@code target} with new content: writes a temporary file in {@code scratch}, forces
     * it, renames it over the target atomically and forces the target's directory.
     */
    static void replace(Path target, Path scratch, ContentWriter writer) throws IOException {
        // not Files.createTempFile: its owner-only permissions would hide the file from other users
        Path temporary = scratch.resolve(TemporaryNames.next() + ".part");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                BufferedOutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                writer.writeTo(out);
                out.flush();
                channel.force(true);
            }
            moveAtomically(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Replaces {@code target} with the given bytes, durably. */
    static void replace(Path target, Path scratch, byte[] content) throws IOException {
        replace(target, scratch, out -> out.write(content));
    }

    /** Replaces {@code target} with the given bytes, durably, the new file carrying this modification time from the start. */
    static void replace(Path target, Path scratch, byte[] content, FileTime modified) throws IOException {
        Path temporary = scratch.resolve(TemporaryNames.next() + ".part");
        try {
            writeNew(temporary, content);
            Files.setLastModifiedTime(temporary, modified);
            moveAtomically(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Writes a new file with the given bytes and forces it; the caller renames or forces its directory. */
    static void writeNew(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /**
     * Copies a stream into a new file, computing its SHA-256 on the way, and forces the file.
     *
     * @throws TooLargeException when the stream holds more than {@code maxBytes}; the file is then deleted
     */
    static Content copy(InputStream in, Path target, long maxBytes) throws IOException {
        MessageDigest digest = sha256();
        long size = 0;
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[1 << 16];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                size += read;
                if (size > maxBytes) {
                    throw new TooLargeException(maxBytes);
                }
                digest.update(buffer, 0, read);
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
                while (chunk.hasRemaining()) {
                    channel.write(chunk);
                }
            }
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        }
        return new Content(HexFormat.of().formatHex(digest.digest()), size);
    }

    /**
     * Gives an existing file a second name, durably: a hard link where the file system makes one,
     * else a copy forced to disk and renamed into place (through {@code scratch}). The target must
     * not exist; its directory is forced.
     */
    static void linkOrCopy(Path existing, Path target, Path scratch) throws IOException {
        try {
            Files.createLink(target, existing);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            if (e instanceof java.nio.file.FileAlreadyExistsException exists) {
                throw exists;
            }
            Path temporary = scratch.resolve(TemporaryNames.next() + ".part");
            try {
                try (InputStream in = Files.newInputStream(existing)) {
                    copy(in, temporary, Long.MAX_VALUE);
                }
                rename(temporary, target);
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
        forceDirectory(target.getParent());
    }

    /** The SHA-256 and size of a file. */
    static Content hash(Path file) throws IOException {
        MessageDigest digest = sha256();
        long size = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ); InputStream in = Channels.newInputStream(channel)) {
            // no larger than the file: a kept index or release is hashed at every poll of a remote
            byte[] buffer = new byte[(int) Math.max(1, Math.min(channel.size(), 1 << 16))];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                size += read;
                digest.update(buffer, 0, read);
            }
        }
        return new Content(HexFormat.of().formatHex(digest.digest()), size);
    }

    /** Renames atomically (the target must not be a non-empty directory) and forces both directories. */
    static void moveAtomically(Path source, Path target) throws IOException {
        rename(source, target);
        forceDirectory(target.getParent());
        if (!source.getParent().equals(target.getParent())) {
            forceDirectory(source.getParent());
        }
    }

    /**
     * Renames atomically without forcing the directories, for a caller that renames many entries
     * and then forces each directory involved once.
     */
    static void rename(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system cannot rename " + source + " to " + target + " atomically", e);
        }
    }

    /**
     * Forces a directory's entries to disk, so that a rename in it survives a crash. Some platforms
     * cannot open a directory as a channel; there the rename is as durable as the platform makes it.
     */
    static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException notSupported) {
            // Windows and some file systems refuse to open or force a directory
        }
    }

    /** Deletes a file or a directory tree; what is already gone is fine. */
    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Deletes a directory if it has no entries; tidying only, so failures are ignored. */
    static void deleteIfEmpty(Path directory) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            if (entries.iterator().hasNext()) {
                return;
            }
        } catch (IOException e) {
            return;
        }
        try {
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // a file appeared meanwhile, or the directory cannot be changed: it stays
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** A copy stopped because the content exceeded its limit. */
    static final class TooLargeException extends IOException {

        private static final long serialVersionUID = 1L;

        TooLargeException(long limit) {
            super("larger than " + limit + " bytes");
        }
    }
}
