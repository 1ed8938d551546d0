package gtach.provisioning.runtime;

import gtach.provisioning.console.CommandProtocol;
import gtach.provisioning.console.OwnerOnly;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;

/**
 * Exclusive ownership of a home by one runtime process. The operating system releases the lock
 * when the process dies, even by SIGKILL, so a stale lock file never blocks a restart.
 */
final class HomeLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private HomeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Prepares the home and takes its lock.
     *
     * @param group the command group, or null for owner only
     * @throws StartupException with one sentence when the home is unusable or already in use
     */
    static HomeLock acquire(GtachHome home, CommandGroup group) {
        Path run = home.run();
        Path socket = CommandProtocol.socketOf(home.root());
        Optional<String> tooLong = CommandProtocol.socketPathTooLong(socket, System.getProperty("os.name"));
        if (tooLong.isPresent()) {
            throw new StartupException("Cannot start GTach: its command socket " + socket + " " + tooLong.get()
                    + "; choose a shorter home (-Dgtach.home or GTACH_HOME).");
        }
        try {
            Files.createDirectories(home.root());
            UserPrincipal user = OwnerOnly.currentUser(run);
            RunDirectory.prepare(run, user, group == null ? null : group.check(home.root(), user));
        } catch (java.nio.file.FileSystemException e) {
            throw new StartupException("Cannot start GTach: the home " + home + " is not writable (" + reason(e) + ").");
        } catch (IOException e) {
            throw new StartupException("Cannot start GTach: the home " + home + " cannot be prepared (" + reason(e) + ").");
        }
        if (!Files.isWritable(home.root()) || !Files.isWritable(run)) {
            throw new StartupException("Cannot start GTach: the home " + home + " is not writable.");
        }
        Path file = run.resolve("runtime.lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
                channel.close();
                throw new StartupException("Cannot start GTach: another runtime"
                        + (holder.isEmpty() ? "" : " (pid " + holder + ")") + " is already running on " + home + ".");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
            return new HomeLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StartupException("Cannot start GTach: the lock " + file + " cannot be taken (" + reason(e) + ").");
        }
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing with a better message
            }
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
