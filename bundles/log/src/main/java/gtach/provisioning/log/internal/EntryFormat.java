package gtach.provisioning.log.internal;

import org.osgi.framework.Bundle;
import org.osgi.service.log.LogEntry;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One log entry as text: {@code 2025-06-01T14:03:07.021 INFO  [bundle] logger: message}, then the
 * exception's stack trace, indented. Continuation lines are indented too, so that every line
 * starting with a date starts an entry.
 */
final class EntryFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS");
    private static final String INDENT = "    ";
    private static final String FELIX_WRAPPER = CauseLine.FELIX_WRAPPER;

    private final ZoneId zone;

    EntryFormat(ZoneId zone) {
        this.zone = zone;
    }

    String format(LogEntry entry) {
        return format(entry, true);
    }

    /**
     * One entry as text.
     *
     * @param withTrace the exception's stack trace below the line (for the file), or only its
     *        innermost cause's message at the end of the line (for a terminal, where a trace hides what matters)
     */
    String format(LogEntry entry, boolean withTrace) {
        StringBuilder text = new StringBuilder(160);
        text.append(TIME.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(entry.getTime()), zone)))
                .append(' ').append(String.format("%-5s", entry.getLogLevel()))
                .append(" [").append(symbolicName(entry.getBundle())).append("] ")
                .append(entry.getLoggerName()).append(": ");
        appendIndented(text, String.valueOf(entry.getMessage()));
        Throwable exception = entry.getException();
        if (exception != null && !withTrace) {
            text.append(" (").append(CauseLine.of(exception)).append(')');
        }
        text.append('\n');
        if (exception != null && withTrace) {
            StringWriter trace = new StringWriter();
            exception.printStackTrace(new PrintWriter(trace));
            text.append(INDENT);
            appendIndented(text, trace.toString().replace(FELIX_WRAPPER, "").stripTrailing());
            text.append('\n');
        }
        return text.toString();
    }

    private static String symbolicName(Bundle bundle) {
        String name = bundle == null ? null : bundle.getSymbolicName();
        return name == null ? "-" : name;
    }

    private static void appendIndented(StringBuilder text, String lines) {
        text.append(lines.replace("\r\n", "\n").replace("\n", "\n" + INDENT));
    }
}
