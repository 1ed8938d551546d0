package gtach.provisioning.runtime;

import org.apache.felix.framework.Logger;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleException;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class FrameworkLogTest {

    @Test
    void aFailureIsOneLineEndingWithItsInnermostMessage() {
        // Given Felix's logger writing to a console
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        FrameworkLog log = new FrameworkLog(new PrintStream(err, true, StandardCharsets.UTF_8));

        // When Felix logs a failed start, wrapped as it wraps it
        log.log(Logger.LOG_ERROR, "Bundle gtach.example.tach [12] Error starting", new BundleException("Activator start error",
                new InvocationTargetException(new IllegalStateException("no calibration table"))));

        // Then the console gets one line, without a stack trace
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "Felix error: Bundle gtach.example.tach [12] Error starting (no calibration table)" + System.lineSeparator());
    }

    @Test
    void noMessageAnywhereIsTheInnermostClassName() {
        assertThat(FrameworkLog.innermostMessage(new InvocationTargetException(new NullPointerException())))
                .isEqualTo("NullPointerException");
    }
}
