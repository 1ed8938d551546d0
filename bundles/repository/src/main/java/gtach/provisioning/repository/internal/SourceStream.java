package gtach.provisioning.repository.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream from where a JAR comes from whose failures are told apart from the repository's own:
 * a failed read becomes a {@link ReadFailure}, while a failure to write into the repository stays
 * a plain {@link IOException}.
 */
final class SourceStream extends FilterInputStream {

    SourceStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            throw new ReadFailure(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            return super.read(buffer, offset, length);
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
