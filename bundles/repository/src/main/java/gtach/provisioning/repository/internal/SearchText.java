package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.ExportedPackage;
import gtach.provisioning.repository.PackageInfo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * The searchable text of every entry of an index: symbolic name, name, exported packages and
 * description, lower-cased, as UTF-8 bytes, a NUL after each field so that no match spans two of
 * them. (UTF-8 keeps substring matching exact: a character's bytes never appear inside another
 * character's.) Each entry's text is two runs of bytes, its head (name, bundle name and exports)
 * and its tail (description); consecutive versions of a package usually share one or both, and
 * then share their bytes.
 * <p>
 * Beside each entry lies a 512-bit signature with one bit set per pair and per triple of
 * consecutive bytes in its fields. A search first keeps only the entries whose signature has every
 * bit of the search text's own pairs and triples, usually a handful, and only scans those. Entries
 * sharing a long common prefix, which make a plain substring search crawl, cost no more than others.
 */
final class SearchText {

    private static final int WORDS = 8;
    private static final int BITS = WORDS * Long.SIZE;

    private final byte[] text;
    /** Start and end of the head, then start and end of the tail, of each entry. */
    private final int[] runs;
    /** {@link #WORDS} words per entry. */
    private final long[] signatures;

    private SearchText(byte[] text, int[] runs, long[] signatures) {
        this.text = text;
        this.runs = runs;
        this.signatures = signatures;
    }

    static SearchText of(List<IndexEntry> entries) {
        ByteArrayOutputStream all = new ByteArrayOutputStream(entries.size() * 64);
        int[] runs = new int[entries.size() * 4];
        PackageInfo previous = null;
        for (int i = 0; i < entries.size(); i++) {
            PackageInfo info = entries.get(i).info();
            int run = i * 4;
            if (previous != null && sameHead(previous, info)) {
                runs[run] = runs[run - 4];
                runs[run + 1] = runs[run - 3];
            } else {
                runs[run] = all.size();
                appendField(all, info.id().symbolicName());
                appendField(all, info.name());
                for (ExportedPackage export : info.exports()) {
                    appendField(all, export.name());
                }
                runs[run + 1] = all.size();
            }
            if (previous != null && previous.description().equals(info.description())) {
                runs[run + 2] = runs[run - 2];
                runs[run + 3] = runs[run - 1];
            } else {
                runs[run + 2] = all.size();
                appendField(all, info.description());
                runs[run + 3] = all.size();
            }
            previous = info;
        }
        byte[] text = all.toByteArray();
        long[] signatures = new long[entries.size() * WORDS];
        for (int i = 0; i < entries.size(); i++) {
            addFeatures(text, runs[i * 4], runs[i * 4 + 1], signatures, i * WORDS);
            addFeatures(text, runs[i * 4 + 2], runs[i * 4 + 3], signatures, i * WORDS);
        }
        return new SearchText(text, runs, signatures);
    }

    private static boolean sameHead(PackageInfo previous, PackageInfo info) {
        return previous.id().symbolicName().equals(info.id().symbolicName()) && previous.name().equals(info.name())
                && sameExportNames(previous.exports(), info.exports());
    }

    private static boolean sameExportNames(List<ExportedPackage> left, List<ExportedPackage> right) {
        if (left.size() != right.size()) {
            return false;
        }
        for (int i = 0; i < left.size(); i++) {
            if (!left.get(i).name().equals(right.get(i).name())) {
                return false;
            }
        }
        return true;
    }

    /** Calls {@code matches} with the position of each entry containing the text, ignoring case, in order. */
    void forEachMatch(String needle, IntConsumer matches) {
        byte[] wanted = needle.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        int count = runs.length / 4;
        if (wanted.length == 0) {
            for (int i = 0; i < count; i++) {
                matches.accept(i);
            }
            return;
        }
        for (byte b : wanted) {
            if (b == 0) {
                return;
            }
        }
        long[] required = new long[WORDS];
        addFeatures(wanted, 0, wanted.length, required, 0);
        int[] words = nonZeroWords(required);
        for (int i = 0; i < count; i++) {
            if (hasAll(i * WORDS, required, words)
                    && (contains(runs[i * 4], runs[i * 4 + 1], wanted) || contains(runs[i * 4 + 2], runs[i * 4 + 3], wanted))) {
                matches.accept(i);
            }
        }
    }

    private boolean hasAll(int offset, long[] required, int[] words) {
        for (int word : words) {
            if ((signatures[offset + word] & required[word]) != required[word]) {
                return false;
            }
        }
        return true;
    }

    private boolean contains(int start, int end, byte[] wanted) {
        byte first = wanted[0];
        int last = end - wanted.length;
        next:
        for (int p = start; p <= last; p++) {
            if (text[p] != first) {
                continue;
            }
            for (int k = 1; k < wanted.length; k++) {
                if (text[p + k] != wanted[k]) {
                    continue next;
                }
            }
            return true;
        }
        return false;
    }

    /** Sets the bit of every byte pair and triple that lies within one field. */
    private static void addFeatures(byte[] bytes, int start, int end, long[] signature, int offset) {
        for (int p = start; p + 1 < end; p++) {
            int a = bytes[p] & 0xff;
            int b = bytes[p + 1] & 0xff;
            if (a == 0 || b == 0) {
                continue;
            }
            setBit(signature, offset, a * 31 + b);
            if (p + 2 < end && bytes[p + 2] != 0) {
                setBit(signature, offset, (a * 31 + b) * 31 + (bytes[p + 2] & 0xff) + 0x9e3779b9);
            }
        }
    }

    private static void setBit(long[] signature, int offset, int feature) {
        int hash = feature * 0x9e3779b1;
        int bit = (hash ^ hash >>> 15) & (BITS - 1);
        signature[offset + (bit >>> 6)] |= 1L << bit;
    }

    private static int[] nonZeroWords(long[] signature) {
        int count = 0;
        for (long word : signature) {
            count += word != 0 ? 1 : 0;
        }
        int[] words = new int[count];
        int next = 0;
        for (int i = 0; i < signature.length; i++) {
            if (signature[i] != 0) {
                words[next++] = i;
            }
        }
        return words;
    }

    private static void appendField(ByteArrayOutputStream all, String field) {
        byte[] bytes = field.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            // a NUL inside a field would end it early; a space keeps the words apart instead
            all.write(b == 0 ? ' ' : b);
        }
        all.write(0);
    }
}
