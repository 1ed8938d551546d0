package gtach.provisioning.console;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Frames exchanged over the command channel's Unix domain socket.
 * <p>
 * The client may send a {@link #DIRECTORY} frame, its working directory, against which the command
 * resolves relative paths, and any number of {@link #VARIABLE} frames; then it sends one
 * {@link #REQUEST} frame holding a command line in UTF-8.
 * The server answers
 * with any number of {@link #OUT} and {@link #ERR} frames, as the command writes, and ends with
 * one {@link #EXIT} frame whose payload is a 4-byte status: 0 when the command succeeded.
 * A frame is one kind byte, a 4-byte big-endian length and that many payload bytes.
 * <p>
 * The methods are stateless and thread-safe; callers must not write frames to one stream from
 * several threads at once.
 */
public final class CommandProtocol {

    /** The client's working directory, client to server, before the request. */
    public static final byte DIRECTORY = 'D';
    /**
     * A session variable for the command, client to server, before the request: {@code name=true} or {@code name=false}.
     * Only names starting with {@code gtach.} are accepted, such as {@link #COLOUR}, {@link #PROGRESS} and {@link #VERBOSE}.
     */
    public static final byte VARIABLE = 'V';
    /** The session variable saying the client's output is a terminal that shows colour. */
    public static final String COLOUR = "gtach.colour";
    /** The session variable saying the client is on a terminal where a person can watch long work progress. */
    public static final String PROGRESS = "gtach.progress";
    /** The session variable asking for the stack trace of a failure after its sentence. */
    public static final String VERBOSE = "gtach.verbose";
    /** A command line, client to server. */
    public static final byte REQUEST = 'C';
    /** Standard output of the command, server to client. */
    public static final byte OUT = 'O';
    /** Standard error of the command, server to client. */
    public static final byte ERR = 'E';
    /** The last frame: the exit status, server to client. */
    public static final byte EXIT = 'X';

    /** The largest payload either side accepts; a larger frame is a protocol error. */
    public static final int MAX_PAYLOAD = 1 << 20;

    /** A frame as read from the stream. */
    public record Frame(byte kind, byte[] payload) {

        /** The payload as UTF-8 text. */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The exit status carried by an {@link #EXIT} frame. */
        public int status() {
            if (kind != EXIT || payload.length != 4) {
                throw new IllegalStateException("Not an exit frame");
            }
            return ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8)
                    | (payload[3] & 0xff);
        }
    }

    private CommandProtocol() {
    }

    /**
     * The socket a runtime listens on for the given GTach home: {@code <home>/run/gtach.sock}.
     *
     * @param home the GTach home directory, not null
     * @return the socket path
     */
    public static Path socketOf(Path home) {
        return home.resolve("run").resolve("gtach.sock");
    }

    /**
     * The longest Unix domain socket path the platform binds, in bytes with the terminating NUL:
     * {@code sizeof(sun_path)}, 104 on macOS and 108 on Linux (and elsewhere).
     * <p>
     * Each platform gets its own limit rather than macOS's everywhere: the socket path is the home's
     * absolute path, which differs between a Pi ({@code /home/pi}) and a Mac ({@code /Users/…})
     * anyway, so a common limit would not make a home portable; it would only refuse homes on Linux
     * that work.
     *
     * @param osName the {@code os.name} system property, not null
     * @since 1.3
     */
    public static int socketPathLimit(String osName) {
        return osName.startsWith("Mac") ? 104 : 108;
    }

    /**
     * Why a socket path cannot be bound on the platform named, or empty when it can. The path's
     * length is counted in UTF-8 bytes with the terminating NUL, as the kernel counts it.
     *
     * @param socket an absolute socket path, not null
     * @param osName the {@code os.name} system property, not null
     * @return words to follow the path in a sentence, such as
     *         {@code "is 130 bytes long with its terminating NUL, more than the 108 a Unix domain socket path may have on Linux"}
     * @since 1.3
     */
    public static Optional<String> socketPathTooLong(Path socket, String osName) {
        int length = socket.toString().getBytes(StandardCharsets.UTF_8).length + 1;
        int limit = socketPathLimit(osName);
        if (length <= limit) {
            return Optional.empty();
        }
        return Optional.of("is " + length + " bytes long with its terminating NUL, more than the " + limit
                + " a Unix domain socket path may have on " + osName);
    }

    /**
     * Writes one frame and flushes.
     *
     * @throws IllegalArgumentException if the payload is larger than {@link #MAX_PAYLOAD}
     */
    public static void write(DataOutputStream out, byte kind, byte[] payload, int offset, int length)
            throws IOException {
        if (length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("A frame of " + length + " bytes is larger than " + MAX_PAYLOAD);
        }
        out.writeByte(kind);
        out.writeInt(length);
        out.write(payload, offset, length);
        out.flush();
    }

    /** Writes one frame holding UTF-8 text. */
    public static void writeText(DataOutputStream out, byte kind, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(out, kind, bytes, 0, bytes.length);
    }

    /** Writes the final {@link #EXIT} frame. */
    public static void writeExit(DataOutputStream out, int status) throws IOException {
        byte[] bytes = {(byte) (status >>> 24), (byte) (status >>> 16), (byte) (status >>> 8), (byte) status};
        write(out, EXIT, bytes, 0, 4);
    }

    /**
     * Reads one frame.
     *
     * @throws EOFException if the stream ends before a whole frame
     * @throws IOException if the frame is malformed or too large
     */
    public static Frame read(DataInputStream in) throws IOException {
        byte kind = in.readByte();
        int length = in.readInt();
        if (length < 0 || length > MAX_PAYLOAD) {
            throw new IOException("Malformed command channel frame: length " + length);
        }
        byte[] payload = in.readNBytes(length);
        if (payload.length != length) {
            throw new EOFException("Command channel frame cut short");
        }
        return new Frame(kind, payload);
    }
}
