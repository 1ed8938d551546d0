package gtach.provisioning.repository.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a file that a download appends to, computed as the bytes arrive so that the
 * finished file is never read back. It covers the first {@link #length()} bytes of the file; when
 * a download goes on from another length (a resumption in a later call, a restart from zero) it
 * reads what the file keeps once, since a digest cannot be rewound. Not thread-safe.
 */
final class PartialDigest {

    private MessageDigest digest = sha256();
    private long length;

    /**
     * Makes this digest cover exactly the first {@code kept} bytes of {@code file}, reading them
     * unless it covers them already.
     */
    void continueAt(FileChannel file, long kept) throws IOException {
        if (kept == length) {
            return;
        }
        digest = sha256();
        length = 0;
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        while (length < kept) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), kept - length));
            int read = file.read(buffer, length);
            if (read < 0) {
                throw new IOException("the partial download is shorter than the " + kept + " bytes it held");
            }
            digest.update(buffer.array(), 0, read);
            length += read;
        }
    }

    /** Adds bytes just appended to the file. */
    void update(byte[] bytes, int offset, int count) {
        digest.update(bytes, offset, count);
        length += count;
    }

    /** How many bytes of the file it covers. */
    long length() {
        return length;
    }

    /** The SHA-256 and size of what it covers; the digest then starts again from nothing. */
    DurableFiles.Content finish() {
        DurableFiles.Content content = new DurableFiles.Content(HexFormat.of().formatHex(digest.digest()), length);
        length = 0;
        return content;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
