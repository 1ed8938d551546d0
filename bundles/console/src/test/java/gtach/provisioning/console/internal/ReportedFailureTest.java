package gtach.provisioning.console.internal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ReportedFailureTest {

    private static final Optional<CommandOwner> FELIX =
            Optional.of(new CommandOwner("org.apache.felix.gogo.command", "1.1.2"));
    private static final Optional<CommandOwner> GTACH = Optional.of(new CommandOwner("gtach.provisioning.shell", "0.1.0"));

    @Test
    void anExceptionReturnedAsTextBecomesOneSentenceNamingItsBundle() {
        assertThat(ReportedFailure.sentence("java.net.MalformedURLException: no protocol: no.such.bundle", "start", FELIX))
                .contains("start (org.apache.felix.gogo.command) failed with MalformedURLException: no protocol: no.such.bundle.");
    }

    @Test
    void anExceptionPrintedByAPosixCommandIsRecognisedAfterItsName() {
        assertThat(ReportedFailure.sentence("cat: java.io.FileNotFoundException: /nope (No such file or directory)", "cat",
                Optional.of(new CommandOwner("org.apache.felix.gogo.jline", "1.1.8"))))
                .contains("cat (org.apache.felix.gogo.jline) failed with FileNotFoundException: /nope (No such file or directory).");
    }

    @Test
    void anExceptionWithoutMessageIsStillAFailure() {
        assertThat(ReportedFailure.sentence("java.lang.IllegalStateException", "stop", FELIX))
                .contains("stop (org.apache.felix.gogo.command) failed with IllegalStateException.");
    }

    @Test
    void felixsComplaintsAreFailuresOnlyWhenFelixsCommandsSayThem() {
        assertThat(ReportedFailure.sentence("Bundle ID '999'  is invalid.", "start", FELIX))
                .contains("start (org.apache.felix.gogo.command): Bundle ID '999' is invalid.");
        // Felix's resolve prints this exactly when every bundle did resolve, so it is not a failure.
        assertThat(ReportedFailure.sentence("Not all bundles could be resolved.", "resolve", FELIX)).isEmpty();
        assertThat(ReportedFailure.sentence("Bundle ID '999'  is invalid.", "gtach:status", GTACH)).isEmpty();
    }

    @Test
    void ordinaryOutputIsNotAFailure() {
        assertThat(ReportedFailure.sentence("No matching bundles found.", "lb", FELIX)).isEmpty();
        assertThat(ReportedFailure.sentence("   12|Active     |    1|gtach.example.tach (1.0.0)", "lb", FELIX)).isEmpty();
        assertThat(ReportedFailure.sentence("Exception handling: see the README", "echo", FELIX)).isEmpty();
        assertThat(ReportedFailure.sentence("Bundle-SymbolicName = java.lang.Error", "headers", FELIX)).isEmpty();
    }

    @Test
    void theFilterRewritesReportedLinesAndRemembersThem() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        FailureFilter filter = new FailureFilter(sink, text -> ReportedFailure.sentence(text, "start", FELIX));
        PrintStream err = new PrintStream(filter, true, StandardCharsets.UTF_8);
        err.println("a warning that stays");
        assertThat(filter.failed()).isFalse();
        err.print("java.io.IOException: ");
        err.flush();
        err.println("disk gone");
        err.close();
        assertThat(filter.failed()).isTrue();
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("a warning that stays" + System.lineSeparator()
                + "start (org.apache.felix.gogo.command) failed with IOException: disk gone." + System.lineSeparator());
    }
}
