package gtach.provisioning.shell.internal;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Process;

/**
 * Whether a command may colour what it prints. Only a terminal that shows colour gets it: a script,
 * a pipe or a file gets exactly the plain bytes it always got.
 */
final class TerminalColour {

    /**
     * Set by the command channel (Boolean) when the {@code cmd} client's standard output is a
     * terminal; it wins over the console's terminal, since the channel knows its client.
     */
    static final String CHANNEL_VARIABLE = "gtach.colour";
    /** Where Gogo's JLine console keeps its {@code org.jline.terminal.Terminal} (gogo.jline's Shell.VAR_TERMINAL). */
    static final String CONSOLE_TERMINAL_VARIABLE = ".terminal";
    /** The no-color.org convention, as a session or an environment variable: present and not empty means no colour. */
    static final String NO_COLOR = "NO_COLOR";

    private TerminalColour() {
    }

    /** For the command running now in this session. */
    static boolean wanted(CommandSession session) {
        return wanted(session, System.getenv(NO_COLOR), Process.Utils.current());
    }

    /**
     * @param noColorEnvironment the runtime's {@code NO_COLOR} environment variable, null when unset
     * @param process the Gogo process running the command, null outside Gogo
     */
    static boolean wanted(CommandSession session, String noColorEnvironment, Process process) {
        if (session == null || isSet(noColorEnvironment) || isSet(session.get(NO_COLOR))) {
            return false;
        }
        // Inside Gogo, `gtach:list | grep x` or `gtach:list > file` is not the terminal either
        if (process != null && !process.isTty(1)) {
            return false;
        }
        Object channel = session.get(CHANNEL_VARIABLE);
        if (channel != null) {
            return Boolean.parseBoolean(channel.toString());
        }
        return isColourTerminal(session.get(CONSOLE_TERMINAL_VARIABLE));
    }

    private static boolean isSet(Object noColor) {
        return noColor != null && !noColor.toString().isEmpty();
    }

    /**
     * Read by reflection, so that this bundle does not import JLine for one method. JLine's
     * fallback "dumb" terminal shows escape codes as garbage; "dumb-color" shows colour.
     */
    private static boolean isColourTerminal(Object terminal) {
        if (terminal == null) {
            return false;
        }
        try {
            Object type = terminal.getClass().getMethod("getType").invoke(terminal);
            return type != null && !"dumb".equals(type);
        } catch (ReflectiveOperationException | RuntimeException notAJLineTerminal) {
            // Plain text is always readable; colour codes on an unknown terminal may not be
            return false;
        }
    }
}
