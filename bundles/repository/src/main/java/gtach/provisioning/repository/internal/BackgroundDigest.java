package gtach.provisioning.repository.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Adds a download's bytes to its {@link PartialDigest} on a thread of its own, so that hashing
 * overlaps reading the socket and writing the file instead of following each read: on a large
 * JAR the SHA-256 costs about as much as the transfer itself. The reading thread takes a free
 * buffer, fills and writes it, and hands it over; a few buffers circulate, so the hash is never
 * more than those behind.
 * <p>
 * {@link #close()} waits until every buffer handed over is hashed, also after a failure, so that
 * the digest then covers exactly the bytes written and a retry can go on from them.
 */
final class BackgroundDigest implements AutoCloseable {

    private static final int BUFFERS = 8;
    private static final int BUFFER_BYTES = 1 << 16;

    private record Chunk(byte[] bytes, int count) {
    }

    private static final Chunk END = new Chunk(new byte[0], -1);

    private final PartialDigest digest;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final Thread hasher;
    private volatile RuntimeException failure;
    private boolean closed;

    BackgroundDigest(PartialDigest digest) {
        this.digest = digest;
        for (int i = 0; i < BUFFERS; i++) {
            free.add(new byte[BUFFER_BYTES]);
        }
        hasher = new Thread(this::hashUntilEnd, "gtach-download-hash");
        hasher.setDaemon(true);
        hasher.start();
    }

    private void hashUntilEnd() {
        try {
            for (Chunk chunk = full.take(); chunk != END; chunk = full.take()) {
                digest.update(chunk.bytes(), 0, chunk.count());
                free.add(chunk.bytes());
            }
        } catch (InterruptedException e) {
            failure = new IllegalStateException("the hash of the download was interrupted", e);
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** A buffer to read into, waiting while the hash is a full round of buffers behind. */
    byte[] buffer() throws IOException {
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the download was hashed");
        }
    }

    /** Hands over the first {@code count} bytes of a buffer from {@link #buffer()}, already written to the file. */
    void add(byte[] buffer, int count) throws IOException {
        try {
            full.put(new Chunk(buffer, count));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the download was hashed");
        }
    }

    /** Gives back a buffer from {@link #buffer()} that holds nothing to hash. */
    void giveBack(byte[] buffer) {
        free.add(buffer);
    }

    /** Waits until everything handed over is hashed; the digest is then the reading thread's again. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean interrupted = false;
        while (true) {
            try {
                full.put(END);
                hasher.join();
                break;
            } catch (InterruptedException e) {
                // the digest must cover what was written before anyone reads it
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
