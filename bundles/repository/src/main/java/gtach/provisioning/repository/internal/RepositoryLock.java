package gtach.provisioning.repository.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write lock of one repository directory, across threads and processes. A file lock on
 * {@code .lock} keeps other processes out; since a JVM holds file locks for the whole process, a
 * lock object shared by every store on the same directory in this JVM keeps other threads out.
 */
final class RepositoryLock {

    /** One lock object per lock file in this JVM, whatever the number of stores opened on it. */
    private static final ConcurrentMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path lockFile;
    private final ReentrantLock jvmLock;

    /** @param lockFile the lock file, as a real path so that every alias of the directory shares one lock */
    RepositoryLock(Path lockFile) {
        this.lockFile = lockFile;
        this.jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, file -> new ReentrantLock());
    }

    /** A held lock; closing releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    /** Waits for the lock. */
    Held acquire() throws IOException {
        if (jvmLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("The repository lock " + lockFile + " is already held by this thread.");
        }
        jvmLock.lock();
        try {
            FileChannel channel = open();
            try {
                channel.lock();
                return held(channel);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            jvmLock.unlock();
            throw e;
        }
    }

    /** Takes the lock only when nobody holds it; never waits. */
    Optional<Held> tryAcquire() throws IOException {
        if (jvmLock.isHeldByCurrentThread() || !jvmLock.tryLock()) {
            return Optional.empty();
        }
        try {
            FileChannel channel = open();
            try {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    channel.close();
                    jvmLock.unlock();
                    return Optional.empty();
                }
                return Optional.of(held(channel));
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            jvmLock.unlock();
            throw e;
        }
    }

    private FileChannel open() throws IOException {
        return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    private Held held(FileChannel channel) {
        return () -> {
            try {
                // closing the channel releases the file lock
                channel.close();
            } finally {
                jvmLock.unlock();
            }
        };
    }
}
