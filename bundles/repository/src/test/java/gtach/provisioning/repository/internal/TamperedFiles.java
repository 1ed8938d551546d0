package gtach.provisioning.repository.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.function.UnaryOperator;

/** Kept files changed in place as someone with write access could: the same size and modification time, other content. */
final class TamperedFiles {

    private TamperedFiles() {
    }

    /** Changes one byte in the middle of {@code file}. */
    static void changeOneByte(Path file) throws IOException {
        change(file, bytes -> {
            byte[] changed = bytes.clone();
            changed[changed.length / 2] ^= 1;
            return changed;
        });
    }

    /** Changes one character of the base64 signature of the release file {@code file}. */
    static void changeSignature(Path file) throws IOException {
        change(file, TamperedFiles::withSignatureChanged);
    }

    /** A release file's content with one character of its base64 signature changed. */
    static byte[] withSignatureChanged(byte[] release) {
        String text = new String(release, StandardCharsets.UTF_8);
        int name = text.indexOf("\"signature\"");
        int end = text.indexOf('"', text.indexOf('"', name + "\"signature\"".length() + 1) + 1);
        // two before the padding: the last character all of whose bits count
        int at = end - 1;
        while (text.charAt(at) == '=') {
            at--;
        }
        at--;
        char changed = text.charAt(at) == 'A' ? 'B' : 'A';
        return (text.substring(0, at) + changed + text.substring(at + 1)).getBytes(StandardCharsets.UTF_8);
    }

    private static void change(Path file, UnaryOperator<byte[]> how) throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        byte[] before = Files.readAllBytes(file);
        byte[] after = how.apply(before);
        if (after.length != before.length) {
            throw new IllegalStateException("A tampered " + file + " was meant to keep its size");
        }
        Files.write(file, after);
        Files.setLastModifiedTime(file, modified);
    }
}
