package gtach.provisioning.console.internal;

import gtach.provisioning.console.CommandProtocol;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Sends everything written to it as frames of one kind; out and err share the socket, hence the lock. */
final class FrameOutputStream extends OutputStream {

    private final DataOutputStream socket;
    private final byte kind;

    FrameOutputStream(DataOutputStream socket, byte kind) {
        this.socket = socket;
        this.kind = kind;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        synchronized (socket) {
            while (length > 0) {
                int chunk = Math.min(length, CommandProtocol.MAX_PAYLOAD);
                CommandProtocol.write(socket, kind, bytes, offset, chunk);
                offset += chunk;
                length -= chunk;
            }
        }
    }
}
