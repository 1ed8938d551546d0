package gtach.provisioning.repository.internal;

/** Byte counts as operators read them. */
final class Sizes {

    private Sizes() {
    }

    /** For example {@code 256 MiB}, {@code 1 MiB}, {@code 512 bytes}. */
    static String describe(long bytes) {
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }

    /** A size to one decimal, for progress: 3.4 MiB. */
    static String approximate(long bytes) {
        if (bytes < 1L << 10) {
            return bytes + " bytes";
        }
        if (bytes < 1L << 20) {
            return String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
