package gtach.provisioning.shell.internal;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Process;

import java.io.PrintStream;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Shows how long work advances on one line of the terminal's error stream, rewritten in place,
 * and clears it when the work ends so that only the result stays. Nothing is shown unless a
 * person is watching a terminal: scripts and logs get the result alone.
 */
final class ProgressLine implements Consumer<String>, AutoCloseable {

    /** The session variable the command channel sets when its client is on a terminal. */
    static final String CHANNEL_VARIABLE = "gtach.progress";
    /** Rewriting a line faster than this only makes it flicker. */
    private static final long INTERVAL_NANOS = 200_000_000L;
    private static final String CLEAR_LINE = "\r\u001b[K";

    private final PrintStream terminal;
    private final LongSupplier clock;
    private long shownAt;
    private boolean shown;

    /** @param terminal where to show progress, or null to show none */
    ProgressLine(PrintStream terminal, LongSupplier clock) {
        this.terminal = terminal;
        this.clock = clock;
    }

    /** Progress for the command running in this thread: on its error stream, when that is a person's terminal. */
    static ProgressLine of(CommandSession session) {
        Process process = Process.Utils.current();
        boolean watched = session != null && session.get(CHANNEL_VARIABLE) instanceof Boolean channel
                ? channel : process != null && process.isTty(2);
        return new ProgressLine(watched && process != null ? process.err() : null, System::nanoTime);
    }

    @Override
    public synchronized void accept(String step) {
        if (terminal == null) {
            return;
        }
        long now = clock.getAsLong();
        if (shown && now - shownAt < INTERVAL_NANOS) {
            return;
        }
        terminal.print(CLEAR_LINE + step + "…");
        terminal.flush();
        shown = true;
        shownAt = now;
    }

    @Override
    public synchronized void close() {
        if (terminal != null && shown) {
            terminal.print(CLEAR_LINE);
            terminal.flush();
        }
        shown = false;
    }
}
