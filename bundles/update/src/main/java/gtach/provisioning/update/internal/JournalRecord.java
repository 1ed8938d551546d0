package gtach.provisioning.update.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The framing of {@code state/journal}: a header {@code gtach-journal 1 <length> <crc32c>} and the
 * JSON of the journal. The file is overwritten in place, so a crash may leave a record cut short or
 * mixed with the one before: the header says whether the record is whole. What a crash can leave is
 * no journal (the framework is touched only after the record is whole); anything else is damage.
 */
final class JournalRecord {

    static final int MAX_BYTES = StateFormat.MAX_JOURNAL_BYTES + 64;
    private static final byte[] MAGIC = "gtach-journal 1 ".getBytes(StandardCharsets.US_ASCII);

    private JournalRecord() {
    }

    static byte[] write(Journal journal) throws java.io.IOException {
        byte[] body = StateFormat.write(journal);
        byte[] header = (new String(MAGIC, StandardCharsets.US_ASCII) + body.length + " "
                + Long.toHexString(checksum(body)) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] record = Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, record, header.length, body.length);
        return record;
    }

    static Optional<Journal> read(byte[] bytes) throws StateFormat.Malformed {
        if (bytes.length == 0 || cutShortBeforeTheHeader(bytes)) {
            return Optional.empty();
        }
        if (!startsWithMagic(bytes)) {
            throw new StateFormat.Malformed("it does not begin with the header \"gtach-journal 1\"");
        }
        int newline = indexOf(bytes, (byte) '\n');
        if (newline < 0) {
            return Optional.empty();
        }
        String[] fields = new String(bytes, MAGIC.length, newline - MAGIC.length, StandardCharsets.US_ASCII).split(" ");
        byte[] body = Arrays.copyOfRange(bytes, newline + 1, bytes.length);
        try {
            // A record a crash cut short was never acted on: the framework is touched only after it is whole.
            if (fields.length != 2 || Integer.parseInt(fields[0]) != body.length
                    || Long.parseLong(fields[1], 16) != checksum(body)) {
                return Optional.empty();
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(StateFormat.readJournal(body));
    }

    /** The header's first bytes, or a first block of zeros that never reached the disk. */
    private static boolean cutShortBeforeTheHeader(byte[] bytes) {
        if (bytes[0] == 0) {
            return true;
        }
        return bytes.length < MAGIC.length && Arrays.equals(bytes, 0, bytes.length, MAGIC, 0, bytes.length);
    }

    private static boolean startsWithMagic(byte[] bytes) {
        return bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    private static long checksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return crc.getValue();
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
