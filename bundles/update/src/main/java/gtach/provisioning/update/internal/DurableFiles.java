package gtach.provisioning.update.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;

/**
 * Every file write of the update service goes through here, so that what reaches the disk durably
 * is decided, and counted, in one place. A durable replace is temp file, fsync, atomic rename, fsync
 * of the directory (a rename alone is atomic but not durable); a hint is written without fsync and
 * must be derivable from durable files.
 */
final class DurableFiles {

    /** Told of each fsync and rename, as it happens; tests and step tracing count them. */
    interface Listener {
        Listener NONE = new Listener() {
        };

        default void synced(Path path) {
        }

        default void renamed(Path target) {
        }
    }

    private final Listener listener;

    DurableFiles(Listener listener) {
        this.listener = listener;
    }

    /** Replaces a file durably: when this returns, a crash or power cut leaves the new content. */
    void write(Path target, byte[] content) throws IOException {
        replace(target, content, true);
        syncDirectory(target.getParent());
    }

    /** Replaces a file atomically but not durably: a crash may leave the old content. */
    void writeHint(Path target, byte[] content) throws IOException {
        replace(target, content, false);
    }

    private void replace(Path target, byte[] content, boolean sync) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(content));
            if (sync) {
                force(channel, temp);
            }
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        listener.renamed(target);
    }

    /**
     * Overwrites an existing file in place and syncs it: one fsync, no rename, no directory sync. A
     * crash meanwhile may leave a mix of old and new bytes, so the content must say whether it is whole.
     */
    void overwrite(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(content), 0);
            channel.truncate(content.length);
            force(channel, file);
        }
    }

    /** Empties an existing file; durably only when asked. */
    void empty(Path file, boolean durable) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(0);
            if (durable) {
                force(channel, file);
            }
        }
    }

    /** Creates an empty file durably unless it exists. */
    void create(Path file) throws IOException {
        if (Files.exists(file)) {
            return;
        }
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[0]);
        syncDirectory(file.getParent());
    }

    /** Syncs what was written through an open channel. */
    void force(FileChannel channel, Path file) throws IOException {
        channel.force(true);
        listener.synced(file);
    }

    void delete(Path target) throws IOException {
        if (Files.deleteIfExists(target)) {
            syncDirectory(target.getParent());
        }
    }

    void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
            listener.synced(dir);
        } catch (IOException e) {
            // Some file systems cannot open a directory for sync; the rename is still atomic there.
        }
    }

    /** Copies a directory tree (files and directories only) and syncs the copied files and directories. */
    void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        if (!Files.isDirectory(from)) {
            return;
        }
        try (var paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                    try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
                        force(channel, target);
                    }
                }
            }
        }
        try (var dirs = Files.walk(to)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                syncDirectory(dir);
            }
        }
    }

    /** Deletes a directory tree; absent is fine. Not durable: what is deleted is never read again. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
