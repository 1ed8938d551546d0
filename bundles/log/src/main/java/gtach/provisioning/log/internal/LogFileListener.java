package gtach.provisioning.log.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.log.admin.LoggerAdmin;
import org.osgi.service.log.admin.LoggerContext;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Collections;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes the OSGi Log Service's entries to {@code <gtach home>/log/gtach.log}, rotated by size,
 * and those at WARN or above to standard error as well, where a daemon's journal picks them up.
 * <p>
 * It sets the Log Service's root level, which Log 1.4 defaults to WARN, and registers itself as a
 * {@link LogListener} service carrying {@value #LOG_FILE_PROPERTY}, so that others can say where
 * the log is.
 */
@Component(service = {}, immediate = true, configurationPid = LogFileListener.PID)
@Designate(ocd = LogFileListener.Config.class)
public final class LogFileListener implements LogListener {

    static final String PID = "gtach.provisioning.log";

    /** The service property holding the absolute path of the live log file. */
    public static final String LOG_FILE_PROPERTY = "gtach.log.file";

    /** The framework property the launcher sets to the GTach home. */
    static final String HOME_PROPERTY = "gtach.home";

    static final String FILE_NAME = "gtach.log";

    /** The logger of the framework's service events: one entry per registration is noise in a file. */
    static final String SERVICE_EVENTS = "Events.Service";

    @ObjectClassDefinition(name = "GTach log file",
            description = "Writes the Log Service's entries to gtach.log, rotated by size, logrotate-style")
    public @interface Config {
        @AttributeDefinition(description = "Directory of gtach.log and its rotated files; empty means <gtach home>/log")
        String directory() default "";

        @AttributeDefinition(name = "Maximum file size (KiB)", description = "Size in KiB past which gtach.log is rotated", min = "1")
        int maxFileKiB() default 1024;

        @AttributeDefinition(description = "How many files are kept: gtach.log, gtach.log.1, ... gtach.log.<files-1>", min = "1")
        int files() default 5;

        @AttributeDefinition(description = "The least severe level logged; WARN and above also go to standard error",
                options = {@Option(label = "ERROR", value = "ERROR"), @Option(label = "WARN", value = "WARN"),
                        @Option(label = "INFO", value = "INFO"), @Option(label = "DEBUG", value = "DEBUG"),
                        @Option(label = "TRACE", value = "TRACE")})
        String level() default "INFO";
    }

    private final BundleContext context;
    private final LogReaderService reader;
    private final LoggerAdmin admin;
    private final Logger log;
    private final EntryFormat format = new EntryFormat(ZoneId.systemDefault());

    // All below guarded by this: the Log Service delivers on its own thread.
    private RotatingLogFile file;
    /** What the file was opened with; null before the first configuration. */
    private FileSettings settings;
    private LogLevel level;
    /** The sequence numbers of the history entries written, which the listener may receive again. */
    private Set<Long> history = Set.of();
    private boolean failing;
    private ServiceRegistration<LogListener> registration;

    @Activate
    public LogFileListener(BundleContext context, Config config, @Reference LogReaderService reader,
            @Reference LoggerAdmin admin, @Reference(service = LoggerFactory.class) Logger log) {
        this.context = context;
        this.reader = reader;
        this.admin = admin;
        this.log = log;
        synchronized (this) {
            configure(config);
            // Listening before reading the history loses nothing in between; the lock holds back
            // what the listener receives until the history is written, and it then skips the overlap.
            reader.addLogListener(this);
            List<LogEntry> entries = Collections.list(reader.getLog());
            Collections.reverse(entries);
            Set<Long> written = new HashSet<>();
            for (LogEntry entry : entries) {
                write(entry);
                written.add(entry.getSequence());
            }
            history = written;
            publish();
        }
        announce();
    }

    @Modified
    void modified(Config config) {
        synchronized (this) {
            configure(config);
            publish();
        }
        announce();
    }

    @Deactivate
    synchronized void deactivate() {
        try {
            reader.removeLogListener(this);
        } catch (IllegalStateException e) {
            // The Log Service is already gone, and its listeners with it.
        }
        if (registration != null) {
            unregister();
        }
        closeFile();
    }

    @Override
    public void logged(LogEntry entry) {
        synchronized (this) {
            if (history.contains(entry.getSequence())) {
                return;
            }
            try {
                write(entry);
            } catch (RuntimeException e) {
                // Whatever goes wrong here must not reach the Log Service's delivery thread.
                System.err.println("GTach log: cannot write an entry of " + entry.getLoggerName() + ": " + e);
            }
        }
    }

    /** Where and how the log is written; a null directory means nowhere. */
    private record FileSettings(Path directory, int maxFileKiB, int files) {
    }

    private void configure(Config config) {
        level = level(config.level());
        setLevels(level);
        FileSettings next = new FileSettings(directory(config), Math.max(1, config.maxFileKiB()), Math.max(1, config.files()));
        if (next.equals(settings)) {
            return;
        }
        closeFile();
        settings = next;
        failing = false;
        if (next.directory() == null) {
            System.err.println("GTach log: no " + HOME_PROPERTY + " framework property and no directory configured in "
                    + PID + "; the log is not written to a file.");
            return;
        }
        file = new RotatingLogFile(next.directory().resolve(FILE_NAME), next.maxFileKiB() * 1024L, next.files());
        try {
            Files.createDirectories(next.directory());
        } catch (IOException e) {
            failed(e);
        }
    }

    private Path directory(Config config) {
        if (!config.directory().isBlank()) {
            return Path.of(config.directory()).toAbsolutePath();
        }
        String home = context.getProperty(HOME_PROPERTY);
        return home == null || home.isBlank() ? null : Path.of(home).toAbsolutePath().resolve("log");
    }

    private static LogLevel level(String text) {
        try {
            return LogLevel.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("GTach log: no level \"" + text + "\" (ERROR, WARN, INFO, DEBUG or TRACE); logging at INFO.");
            return LogLevel.INFO;
        }
    }

    /** Sets the root context's levels, keeping any other logger's level set there. */
    private void setLevels(LogLevel level) {
        LoggerContext root = admin.getLoggerContext(null);
        Map<String, LogLevel> levels = root.getLogLevels();
        levels.put(Logger.ROOT_LOGGER_NAME, level);
        levels.put(SERVICE_EVENTS, level.implies(LogLevel.WARN) ? LogLevel.WARN : level);
        root.setLogLevels(levels);
    }

    private void write(LogEntry entry) {
        if (!effectiveLevel(entry).implies(entry.getLogLevel())) {
            return;
        }
        String text = format.format(entry);
        if (LogLevel.WARN.implies(entry.getLogLevel())) {
            // The console shows what went wrong in a line; the stack trace is in the file.
            System.err.print(format.format(entry, false));
            System.err.flush();
        }
        if (file == null) {
            return;
        }
        try {
            file.write(text.getBytes(StandardCharsets.UTF_8));
            if (failing) {
                failing = false;
                System.err.println("GTach log: writing " + file.file() + " again.");
            }
        } catch (IOException e) {
            failed(e);
        }
    }

    private void failed(IOException e) {
        if (!failing) {
            failing = true;
            System.err.println("GTach log: cannot write " + file.file() + " (" + e
                    + "); entries below WARN are lost until it can be written again.");
        }
    }

    /**
     * The level a bundle's logger context sets for the entry's logger, looked up as Log 1.4 does
     * for its loggers. Felix Log records framework events without consulting any level, so this is
     * what keeps its INFO service events out of the file.
     */
    private LogLevel effectiveLevel(LogEntry entry) {
        LoggerContext context = admin.getLoggerContext(null);
        Bundle bundle = entry.getBundle();
        if (bundle != null && bundle.getSymbolicName() != null) {
            String name = bundle.getSymbolicName();
            String version = name + "|" + bundle.getVersion();
            for (String candidate : List.of(version + "|" + bundle.getLocation(), version, name)) {
                LoggerContext named = admin.getLoggerContext(candidate);
                if (!named.isEmpty()) {
                    context = named;
                    break;
                }
            }
        }
        return context.getEffectiveLogLevel(Objects.requireNonNullElse(entry.getLoggerName(), Logger.ROOT_LOGGER_NAME));
    }

    /** Registers, or updates, the service that says where the log file is; none without a file. */
    private void publish() {
        if (file == null) {
            if (registration != null) {
                unregister();
            }
            return;
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(LOG_FILE_PROPERTY, file.file().toString());
        properties.put(Constants.SERVICE_DESCRIPTION, "GTach log file");
        if (registration == null) {
            registration = context.registerService(LogListener.class, this, properties);
        } else {
            registration.setProperties(properties);
        }
    }

    private void unregister() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // Already unregistered as the bundle stops.
        }
        registration = null;
    }

    private void closeFile() {
        if (file == null) {
            return;
        }
        try {
            file.close();
        } catch (IOException e) {
            System.err.println("GTach log: cannot close " + file.file() + ": " + e);
        }
        file = null;
    }

    /** Says, through the log itself, where it goes; outside the lock, since the entry comes back to this listener. */
    private void announce() {
        RotatingLogFile current;
        FileSettings written;
        LogLevel least;
        synchronized (this) {
            current = file;
            written = settings;
            least = level;
        }
        if (current != null) {
            log.info("Logging to {} at level {}, rotated past {} KiB, {} files kept", current.file(), least,
                    written.maxFileKiB(), written.files());
        }
    }
}
