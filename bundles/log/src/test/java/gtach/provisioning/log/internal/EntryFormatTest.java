package gtach.provisioning.log.internal;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class EntryFormatTest {

    private static final ZoneId ZONE = ZoneOffset.ofHours(2);
    private static final long TIME = LocalDateTime.of(2025, 6, 1, 14, 3, 7, 21_000_000).toInstant(ZoneOffset.ofHours(2)).toEpochMilli();

    private record Entry(LogLevel getLogLevel, Bundle getBundle, String getLoggerName, String getMessage,
            Throwable getException) implements LogEntry {
        @Override
        public long getTime() {
            return TIME;
        }

        @Override
        public ServiceReference<?> getServiceReference() {
            return null;
        }

        @Override
        @SuppressWarnings("deprecation")
        public int getLevel() {
            return getLogLevel.ordinal();
        }

        @Override
        public long getSequence() {
            return 0;
        }

        @Override
        public String getThreadInfo() {
            return "main";
        }

        @Override
        public StackTraceElement getLocation() {
            return null;
        }
    }

    private static Bundle bundle(String symbolicName) {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> method.getName().equals("getSymbolicName") ? symbolicName : null);
    }

    private final EntryFormat format = new EntryFormat(ZONE);

    @Test
    void oneLineWithLocalTimeLevelBundleLoggerAndMessage() {
        String text = format.format(new Entry(LogLevel.INFO, bundle("gtach.example.display"),
                "gtach.example.display.internal.ConsoleDisplay", "Display 1.0.0: 812 rpm from simulated tach 1.0.0", null));

        assertThat(text).isEqualTo("2025-06-01T14:03:07.021 INFO  [gtach.example.display] "
                + "gtach.example.display.internal.ConsoleDisplay: Display 1.0.0: 812 rpm from simulated tach 1.0.0\n");
    }

    @Test
    void theStackTraceFollowsIndentedAndSoDoContinuationLines() {
        IOException cause = new IOException("disk full");
        String text = format.format(new Entry(LogLevel.ERROR, null, "Events.Framework.x",
                "two\nlines", new IllegalStateException("boom", cause)));

        assertThat(text).startsWith("2025-06-01T14:03:07.021 ERROR [-] Events.Framework.x: two\n    lines\n"
                + "    java.lang.IllegalStateException: boom\n    \tat ");
        assertThat(text).contains("\n    Caused by: java.io.IOException: disk full\n").endsWith("\n");
        assertThat(text.lines().skip(1)).allMatch(line -> line.startsWith("    "));
    }

    @Test
    void withoutTheTraceTheExceptionsMessageEndsTheLine() {
        String text = format.format(new Entry(LogLevel.ERROR, bundle("gtach.example.tach"), "SimulatedTachometer",
                "The activate method has thrown an exception", new IllegalStateException("no calibration table")), false);

        assertThat(text).isEqualTo("2025-06-01T14:03:07.021 ERROR [gtach.example.tach] SimulatedTachometer: "
                + "The activate method has thrown an exception (no calibration table)\n");
    }

    @Test
    void withoutTheTraceAWrappedFailureIsItsInnermostCauseOnOneLine() {
        // Given a constructor failure as Declarative Services logs it: wrapped by reflection
        Exception thrown = new java.lang.reflect.InvocationTargetException(
                new IllegalStateException("wrapping", new java.nio.file.FileAlreadyExistsException("/home/pi/.gtach/repository")));

        String text = format.format(new Entry(LogLevel.ERROR, bundle("gtach.provisioning.repository"), "DirectoryRepository",
                "Error during instantiation of the implementation object", thrown), false);

        // Then the line ends with what went wrong, and says nothing of the wrappers
        assertThat(text).isEqualTo("2025-06-01T14:03:07.021 ERROR [gtach.provisioning.repository] DirectoryRepository: "
                + "Error during instantiation of the implementation object (/home/pi/.gtach/repository: file already exists)\n");
    }
}
