package gtach.provisioning.update.internal;

import org.osgi.framework.Bundle;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ERROR entries written to the OSGi log while a change is applied and verified. A bundle that stays
 * ACTIVE may still say it does not work (a server that could not bind its port), and says so only
 * there. The log's history is read as it is kept, synchronously, so nothing logged before a check
 * is missed; a listener keeps the entries that history drops when a bundle is chatty.
 */
final class LoggedErrors implements LogListener, AutoCloseable {

    /** Enough to name the first; a bundle stuck in a loop of errors must not fill the heap. */
    private static final int KEPT = 64;
    private static final int QUOTED = 300;

    private final LogReaderService reader;
    private final LogErrorRule rule;
    private final long since;
    private final ConcurrentLinkedQueue<LogEntry> heard = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();

    private LoggedErrors(LogReaderService reader, LogErrorRule rule) {
        this.reader = reader;
        this.rule = rule;
        this.since = System.currentTimeMillis();
        if (reader != null && rule.enabled()) {
            reader.addLogListener(this);
        }
    }

    /** Watches from now on; without a log service, or when the rule is off, it never finds anything. */
    static LoggedErrors watch(LogReaderService reader, LogErrorRule rule) {
        return new LoggedErrors(reader, rule);
    }

    @Override
    public void logged(LogEntry entry) {
        if (isError(entry) && count.incrementAndGet() <= KEPT) {
            heard.add(entry);
        }
    }

    /** The first ERROR entry a bundle of the change wrote since the watch began, unless the rule lets it pass. */
    Optional<String> first(Collection<Bundle> changed) {
        if (reader == null || !rule.enabled()) {
            return Optional.empty();
        }
        Set<Bundle> counted = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Bundle bundle : changed) {
            if (!rule.ignores(bundle.getSymbolicName())) {
                counted.add(bundle);
            }
        }
        List<LogEntry> found = new ArrayList<>(heard);
        Enumeration<LogEntry> history = reader.getLog();
        while (history.hasMoreElements()) {
            LogEntry entry = history.nextElement();
            if (entry.getTime() < since) {
                break; // the history is newest first
            }
            if (isError(entry)) {
                found.add(entry);
            }
        }
        return found.stream()
                .filter(e -> e.getTime() >= since && e.getBundle() != null && counted.contains(e.getBundle()))
                .min(Comparator.comparingLong(LogEntry::getSequence))
                .map(LoggedErrors::sentence);
    }

    private static boolean isError(LogEntry entry) {
        return entry.getLogLevel() == LogLevel.ERROR;
    }

    /** How SCR names a component in what it logs: {@code bundle b:1.0.0 (12)[com.acme.C(3)] : what happened}. */
    private static final java.util.regex.Pattern SCR_ENTRY = java.util.regex.Pattern.compile(
            "bundle \\S+ \\(\\d+\\)\\[([^\\]]+?)\\(\\d+\\)\\] : (.*)");

    static String sentence(LogEntry entry) {
        String text = entry.getMessage() == null ? "" : entry.getMessage().strip();
        java.util.regex.Matcher scr = SCR_ENTRY.matcher(text.lines().findFirst().orElse(""));
        if (scr.matches() && entry.getException() != null && (scr.group(2).contains("instantiation")
                || scr.group(2).contains("activate method has thrown"))) {
            // The same failure the component check reports, in the same words, whichever sees it first.
            return "the component " + scr.group(1) + " of " + Lifecycle.name(entry.getBundle()) + " failed to activate: "
                    + Lifecycle.rootMessage(entry.getException());
        }
        return quoted(entry);
    }

    private static String quoted(LogEntry entry) {
        String message = entry.getMessage() == null ? "" : entry.getMessage().strip().lines().findFirst().orElse("");
        if (message.length() > QUOTED) {
            message = message.substring(0, QUOTED) + "…";
        }
        String cause = entry.getException() == null ? "" : " (" + Lifecycle.rootMessage(entry.getException()) + ")";
        return Lifecycle.name(entry.getBundle()) + " logged an error: \"" + message + "\"" + cause;
    }

    @Override
    public void close() {
        if (reader != null && rule.enabled()) {
            reader.removeLogListener(this);
        }
    }
}
