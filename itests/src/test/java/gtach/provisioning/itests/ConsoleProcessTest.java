package gtach.provisioning.itests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The console is there on a terminal, with completion, and absent for a daemon. */
class ConsoleProcessTest {

    @TempDir
    Path temp;

    @Test
    void terminalGetsAnInteractiveGogoConsole() throws Exception {
        // util-linux `script` gives the runtime a real pseudo-terminal, as an operator's ssh session does
        assumeThat(Path.of("/usr/bin/script")).exists();
        Path home = temp.resolve("home");
        // A pseudo-terminal made from a pipe has no size; give it an ordinary one, or the line editor has no room
        String runtime = "stty cols 120 rows 40; " + GtachProcess.java() + " -Dgtach.home=" + home + " -jar " + GtachProcess.jar();
        Process process = new ProcessBuilder(List.of("/usr/bin/script", "-qfec", runtime, "/dev/null"))
                .redirectErrorStream(true).start();
        try {
            OutputStream keyboard = process.getOutputStream();
            ScreenReader screen = new ScreenReader(process.getInputStream());
            screen.await("GTach console: `gtach:help` lists");
            // The console opens while the rest of the runtime still starts; its commands are there once it is ready
            screen.await("GTach runtime ready on");
            keyboard.write("gtach:status --all\n".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            String shown = screen.await("gtach.provisioning.version");
            assertThat(shown).containsPattern("gtach\\.provisioning\\.shell +0\\.1\\.0\\.SNAPSHOT +ACTIVE");
            // A real terminal, not JLine's dumb fallback
            assertThat(shown).doesNotContain("dumb terminal");
            // The console's profile (Gogo's own, then GTach's completions) ran without an error
            assertThat(shown).doesNotContain("gosh_profile").doesNotContain("Exception");

            // Tab completes the names of stored packages after gtach:install
            Path packages = Path.of(System.getProperty("example.packages")).toAbsolutePath();
            assertThat(GtachProcess.cmd(home, "gtach:add " + packages).status()).isZero();
            keyboard.write("gtach:install gtach.ex\t".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            screen.await("gtach.example.display");
            screen.await("gtach.example.tach");
            // Ctrl-U clears the line
            keyboard.write("\u0015exit 0\n".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the runtime stops when the console exits").isTrue();
            assertThat(screen.await("gosh: stopping framework")).as("a clean exit").doesNotContain("Exception");
            assertThat(home.resolve("run/gtach.sock")).doesNotExist();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void cmdOnATerminalShowsProgressAndColourAndThroughAPipeNeither() throws Exception {
        assumeThat(Path.of("/usr/bin/script")).exists();
        Path home = temp.resolve("home");
        Path packages = Path.of(System.getProperty("example.packages")).toAbsolutePath();
        try (GtachProcess runtime = GtachProcess.start(home)) {
            String cmd = "stty cols 120 rows 40; " + GtachProcess.java() + " -Dgtach.home=" + home + " -jar "
                    + GtachProcess.jar() + " cmd ";
            String added = onATerminal(cmd + "'gtach:add " + packages + "'");
            // The count of a directory's JARs, on a line that is then cleared, before the results
            assertThat(added).contains("Read 1 of 9 JARs\u2026").contains("\r\u001B[K")
                    .contains("Added gtach.example.tach 1.2.0 from example-tach-1.2.0.jar.");
            assertThat(onATerminal(cmd + "gtach:list")).contains("\u001B[1mNAME");

            // The same through a pipe: results only, no colour
            GtachProcess.Result piped = runtime.cmd("gtach:list");
            assertThat(piped.out()).startsWith("NAME").doesNotContain("\u001B");
            assertThat(runtime.stop()).isZero();
        }
    }

    /** What a command shows on a pseudo-terminal, control sequences included. */
    private static String onATerminal(String command) throws Exception {
        Process process = new ProcessBuilder(List.of("/usr/bin/script", "-qfec", command, "/dev/null"))
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String shown = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(shown).isZero();
        return shown;
    }

    @Test
    void daemonLeavesStandardInputAlone() throws Exception {
        Path home = temp.resolve("home");
        Path log = temp.resolve("runtime.log");
        Process process = new ProcessBuilder(GtachProcess.java(), "-Dgtach.home=" + home, "-jar", GtachProcess.jar().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("GTach runtime ready") && System.nanoTime() < deadline) {
                assertThat(process.isAlive()).as(Files.readString(log)).isTrue();
                Thread.sleep(100);
            }
            // Text arriving on stdin is not a command: the runtime keeps running
            process.getOutputStream().write("stop 0\n".getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
            Thread.sleep(1000);
            assertThat(process.isAlive()).isTrue();
            assertThat(GtachProcess.cmd(home, "gtach:status").status()).isZero();
            assertThat(Files.readString(log)).doesNotContain("GTach console").doesNotContain("WARNING");
            assertThat(GtachProcess.cmd(home, "stop 0").status()).isZero();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
        } finally {
            process.destroyForcibly();
        }
    }

    /** Collects what the terminal shows, and waits for some text to appear. */
    private static final class ScreenReader {

        private static final java.util.regex.Pattern ESCAPES =
                java.util.regex.Pattern.compile("\u001B(\\[[0-9;?]*[ -/]*[@-~]|[=>()][0-9A-Za-z]?)");

        private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

        ScreenReader(InputStream in) {
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[4096];
                try {
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        synchronized (screen) {
                            screen.write(buffer, 0, n);
                        }
                    }
                } catch (IOException ended) {
                    // the process went away; what was shown stays readable
                }
            }, "screen-reader");
            reader.setDaemon(true);
            reader.start();
        }

        String await(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String shown;
                synchronized (screen) {
                    // Without the terminal's control sequences: colour may split the text in two
                    shown = ESCAPES.matcher(screen.toString(StandardCharsets.UTF_8)).replaceAll("");
                }
                if (shown.contains(text)) {
                    return shown;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("The terminal never showed \"" + text + "\"; it showed:\n" + screen);
        }
    }
}
