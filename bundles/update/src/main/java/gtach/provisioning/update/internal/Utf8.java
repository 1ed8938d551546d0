package gtach.provisioning.update.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8: the state files are written as UTF-8, so any other byte sequence is damage, not text to guess at. */
final class Utf8 {

    private Utf8() {
    }

    static String decode(byte[] bytes) throws StateFormat.Malformed {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate((int) Math.ceil(bytes.length * (double) decoder.maxCharsPerByte()) + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new StateFormat.Malformed("bad UTF-8 at byte " + (in.position() + 1));
        }
        return out.flip().toString();
    }

    static void check(byte[] bytes) throws StateFormat.Malformed {
        decode(bytes);
    }
}
