package gtach.provisioning.repository.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * A stream from where a JAR comes from whose failures are told apart from the repository's own:
 * a failed read becomes a {@link ReadFailure}, while a failure to write into the repository stays
 * a plain {@link IOException}.
 */
final class SourceStream extends FilterInputStream {

    private final LongConsumer bytesRead;
    private long total;

    SourceStream(InputStream in) {
        this(in, bytes -> { });
    }

    /** @param bytesRead told the number of bytes read so far after every read */
    SourceStream(InputStream in, LongConsumer bytesRead) {
        super(in);
        this.bytesRead = bytesRead;
    }

    @Override
    public int read() throws IOException {
        try {
            int b = super.read();
            if (b >= 0) {
                bytesRead.accept(++total);
            }
            return b;
        } catch (IOException e) {
            throw new ReadFailure(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                total += n;
                bytesRead.accept(total);
            }
            return n;
        } catch (IOException e) {
            throw new ReadFailure(e);
        }
    }

    /** Reading the source failed. */
    static final class ReadFailure extends IOException {

        private static final long serialVersionUID = 1L;

        ReadFailure(IOException cause) {
            super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause);
        }
    }
}
