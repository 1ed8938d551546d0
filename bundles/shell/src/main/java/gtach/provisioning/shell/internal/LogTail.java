package gtach.provisioning.shell.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * The last entries of a log file as the log bundle writes it: an entry is a line that starts at
 * the margin and the indented lines under it (a multi-line message, a stack trace), kept together.
 */
final class LogTail {

    private LogTail() {
    }

    /**
     * @param lines the file's lines, oldest first
     * @param count how many entries at the most
     * @param text only entries containing it, ignoring case; empty for all
     * @return the entries, oldest first, each as its lines joined by line breaks
     */
    static List<String> last(List<String> lines, int count, String text) {
        String wanted = text.toLowerCase(Locale.ROOT);
        Deque<String> kept = new ArrayDeque<>();
        List<String> entry = new ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith(" ") && !entry.isEmpty()) {
                keep(entry, wanted, count, kept);
                entry.clear();
            }
            entry.add(line);
        }
        if (!entry.isEmpty()) {
            keep(entry, wanted, count, kept);
        }
        return List.copyOf(kept);
    }

    private static void keep(List<String> entry, String wanted, int count, Deque<String> kept) {
        String joined = String.join(System.lineSeparator(), entry);
        if (wanted.isEmpty() || joined.toLowerCase(Locale.ROOT).contains(wanted)) {
            kept.addLast(joined);
            if (kept.size() > count) {
                kept.removeFirst();
            }
        }
    }
}
