package gtach.provisioning.log.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.log.Logger;
import org.osgi.service.log.admin.LoggerAdmin;
import org.osgi.service.log.admin.LoggerContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The listener against stand-ins for the Log Service: what reaches the file and standard error. */
class LogFileListenerTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream realErr;
    private final Reader reader = new Reader();
    private final Admin admin = new Admin();
    private final Map<String, Object> registered = new HashMap<>();
    private long sequence;

    @BeforeEach
    void captureStandardError() {
        realErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStandardError() {
        System.setErr(realErr);
    }

    private LogFileListener start(String gtachHome) {
        return new LogFileListener(context(gtachHome), config(), reader, admin, silentLogger());
    }

    private String logFile() throws IOException {
        return Files.readString(home.resolve("log").resolve("gtach.log"));
    }

    @Test
    void writesTheHistoryOldestFirstThenWhatItHearsAndEachEntryOnce() throws IOException {
        // Given a history of two entries, which the reader lists newest first
        LogEntry first = entry(LogLevel.INFO, "Events.Bundle.a", "BundleEvent STARTED");
        LogEntry second = entry(LogLevel.INFO, "Events.Bundle.b", "BundleEvent STARTED");
        reader.history.add(0, first);
        reader.history.add(0, second);

        // When the listener starts, then hears the second again (it was logged as it registered) and a third
        LogFileListener listener = start(home.toString());
        listener.logged(second);
        listener.logged(entry(LogLevel.INFO, "gtach.x", "third"));

        // Then each is written once, in the order they were logged
        assertThat(logFile().lines().map(line -> line.substring(line.indexOf("] ") + 2)))
                .containsExactly("Events.Bundle.a: BundleEvent STARTED", "Events.Bundle.b: BundleEvent STARTED", "gtach.x: third");
        assertThat(reader.listeners).containsExactly(listener);
        assertThat(registered).containsEntry(LogFileListener.LOG_FILE_PROPERTY,
                home.resolve("log").resolve("gtach.log").toAbsolutePath().toString());
    }

    @Test
    void setsTheRootLevelToInfoAndKeepsServiceEventsOut() throws IOException {
        LogFileListener listener = start(home.toString());

        listener.logged(entry(LogLevel.INFO, "Events.Service.org.apache.felix.scr", "ServiceEvent REGISTERED"));
        listener.logged(entry(LogLevel.DEBUG, "gtach.x", "a detail"));
        listener.logged(entry(LogLevel.INFO, "gtach.x", "news"));

        assertThat(admin.root.getLogLevels()).containsEntry(Logger.ROOT_LOGGER_NAME, LogLevel.INFO)
                .containsEntry("Events.Service", LogLevel.WARN);
        assertThat(logFile()).contains("gtach.x: news").doesNotContain("ServiceEvent").doesNotContain("a detail");
    }

    @Test
    void warningsAndErrorsAlsoGoToStandardErrorInformationDoesNot() throws IOException {
        LogFileListener listener = start(home.toString());

        listener.logged(entry(LogLevel.INFO, "gtach.x", "all is well"));
        listener.logged(entry(LogLevel.WARN, "gtach.x", "retrying"));
        listener.logged(entry(LogLevel.ERROR, "gtach.x", "giving up"));

        String shown = err.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains("WARN  [gtach.test] gtach.x: retrying").contains("ERROR [gtach.test] gtach.x: giving up")
                .doesNotContain("all is well");
        assertThat(logFile()).contains("all is well").contains("retrying").contains("giving up");
    }

    @Test
    void withoutAHomeOrADirectoryItWritesNoFileAndSaysSoOnce() {
        LogFileListener listener = start(null);
        listener.logged(entry(LogLevel.INFO, "gtach.x", "nowhere to go"));
        listener.logged(entry(LogLevel.WARN, "gtach.x", "still shown"));

        String shown = err.toString(StandardCharsets.UTF_8);
        assertThat(shown.lines().filter(line -> line.contains("not written to a file"))).singleElement().asString()
                .isEqualTo("GTach log: no gtach.home framework property and no directory configured in gtach.provisioning.log;"
                        + " the log is not written to a file.");
        assertThat(shown).contains("still shown");
        assertThat(registered).isEmpty();
    }

    private LogEntry entry(LogLevel level, String logger, String message) {
        long number = sequence++;
        Bundle bundle = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> method.getName().equals("getSymbolicName") ? "gtach.test" : null);
        return (LogEntry) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {LogEntry.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getLogLevel" -> level;
                    case "getLoggerName" -> logger;
                    case "getMessage" -> message;
                    case "getBundle" -> bundle;
                    case "getSequence" -> number;
                    case "getTime" -> 0L;
                    default -> null;
                });
    }

    private BundleContext context(String gtachHome) {
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setProperties")) {
                        copy((Dictionary<?, ?>) args[0]);
                    }
                    return null;
                });
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> "gtach.home".equals(args[0]) ? gtachHome : null;
                    case "registerService" -> {
                        copy((Dictionary<?, ?>) args[2]);
                        yield registration;
                    }
                    default -> null;
                });
    }

    private void copy(Dictionary<?, ?> properties) {
        for (Enumeration<?> keys = properties.keys(); keys.hasMoreElements(); ) {
            Object key = keys.nextElement();
            registered.put((String) key, properties.get(key));
        }
    }

    /** The defaults, as Config Admin would hand them over without a configuration. */
    private static LogFileListener.Config config() {
        return (LogFileListener.Config) Proxy.newProxyInstance(LogFileListener.Config.class.getClassLoader(),
                new Class<?>[] {LogFileListener.Config.class}, (proxy, method, args) -> method.getDefaultValue());
    }

    private static Logger silentLogger() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? Boolean.FALSE : null);
    }

    private static final class Reader implements LogReaderService {
        final List<LogEntry> history = new ArrayList<>();
        final List<LogListener> listeners = new ArrayList<>();

        @Override
        public void addLogListener(LogListener listener) {
            listeners.add(listener);
        }

        @Override
        public void removeLogListener(LogListener listener) {
            listeners.remove(listener);
        }

        @Override
        public Enumeration<LogEntry> getLog() {
            return Collections.enumeration(history);
        }
    }

    /** Logger contexts as Log 1.4 defines them: a name's level, else its ancestors', else the root's. */
    private static final class Admin implements LoggerAdmin {
        final Context root = new Context(null);

        @Override
        public LoggerContext getLoggerContext(String name) {
            return name == null ? root : new Context(root);
        }
    }

    private static final class Context implements LoggerContext {
        private final Context parent;
        private Map<String, LogLevel> levels = new HashMap<>();

        Context(Context parent) {
            this.parent = parent;
        }

        @Override
        public String getName() {
            return parent == null ? null : "bundle";
        }

        @Override
        public LogLevel getEffectiveLogLevel(String name) {
            for (String n = name; ; n = n.contains(".") ? n.substring(0, n.lastIndexOf('.')) : Logger.ROOT_LOGGER_NAME) {
                if (levels.containsKey(n)) {
                    return levels.get(n);
                }
                if (n.equals(Logger.ROOT_LOGGER_NAME)) {
                    return parent == null ? LogLevel.WARN : parent.getEffectiveLogLevel(name);
                }
            }
        }

        @Override
        public Map<String, LogLevel> getLogLevels() {
            return new HashMap<>(levels);
        }

        @Override
        public void setLogLevels(Map<String, LogLevel> logLevels) {
            levels = new HashMap<>(logLevels);
        }

        @Override
        public void clear() {
            levels = new HashMap<>();
        }

        @Override
        public boolean isEmpty() {
            return levels.isEmpty();
        }
    }
}
