package gtach.provisioning.shell.internal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressLineTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicLong now = new AtomicLong();

    private String shown() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void rewritesOneLineAtMostFiveTimesASecondAndClearsItAtTheEnd() {
        try (ProgressLine progress = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), now::get)) {
            progress.accept("Staging 1 of 3 packages");
            now.addAndGet(50_000_000L);
            progress.accept("Staging 2 of 3 packages");
            now.addAndGet(200_000_000L);
            progress.accept("Staging 3 of 3 packages");
        }
        assertThat(shown()).isEqualTo("\r\u001b[KStaging 1 of 3 packages…\r\u001b[KStaging 3 of 3 packages…\r\u001b[K");
    }

    @Test
    void showsNothingWithoutATerminal() {
        try (ProgressLine progress = new ProgressLine(null, now::get)) {
            progress.accept("Downloading");
        }
        assertThat(shown()).isEmpty();
    }

    @Test
    void leavesNothingBehindWhenNothingWasShown() {
        new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), now::get).close();
        assertThat(shown()).isEmpty();
    }
}
