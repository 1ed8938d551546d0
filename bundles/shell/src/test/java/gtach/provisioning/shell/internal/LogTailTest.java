package gtach.provisioning.shell.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogTailTest {

    private static final String NL = System.lineSeparator();
    private static final List<String> LOG = List.of(
            "2026-11-29T10:00:00.000 INFO  [gtach.example.display] ConsoleDisplay: Display 1.0.0: 800 rpm",
            "2026-11-29T10:00:01.000 ERROR [gtach.example.tach] SimulatedTachometer: activate failed",
            "    java.lang.IllegalStateException: the sensor calibration table is missing",
            "    \tat gtach.example.tach.internal.SimulatedTachometer.activate(SimulatedTachometer.java:14)",
            "2026-11-29T10:00:02.000 INFO  [gtach.example.display] ConsoleDisplay: Display 1.0.0: 900 rpm");

    @Test
    void theLastEntriesOldestFirstWithTheirIndentedLines() {
        assertThat(LogTail.last(LOG, 2, "")).containsExactly(
                LOG.get(1) + NL + LOG.get(2) + NL + LOG.get(3),
                LOG.get(4));
    }

    @Test
    void aTextKeepsOnlyTheEntriesContainingItIgnoringCase() {
        assertThat(LogTail.last(LOG, 5, "display")).containsExactly(LOG.get(0), LOG.get(4));
        // A word of the stack trace finds the whole entry
        assertThat(LogTail.last(LOG, 5, "CALIBRATION")).singleElement().asString().startsWith(LOG.get(1));
        assertThat(LogTail.last(LOG, 5, "nowhere")).isEmpty();
    }

    @Test
    void anEmptyLogHasNoEntries() {
        assertThat(LogTail.last(List.of(), 20, "")).isEmpty();
    }
}
