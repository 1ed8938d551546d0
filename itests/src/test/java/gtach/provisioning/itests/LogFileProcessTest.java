package gtach.provisioning.itests;

import gtach.provisioning.itests.GtachProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime's log as an operator finds it: {@code <home>/log/gtach.log} with the boot in it, and
 * rotated files once Config Admin asks for small ones.
 */
class LogFileProcessTest {

    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}";

    @TempDir
    Path temp;

    @Test
    void theRuntimeLogsItsBootToItsHomeAndRotatesTheLogAsConfigured() throws Exception {
        Path home = temp.resolve("home");
        RuntimeLog log = new RuntimeLog(home);

        try (GtachProcess runtime = GtachProcess.start(home)) {
            // The boot's bundle events and the log bundle's own INFO line, and no service events
            log.awaitFinding(0, " INFO  \\[gtach\\.provisioning\\.log\\] \\S+: Logging to " + Pattern.quote(log.file().toString())
                    + " at level INFO, rotated past 1024 KiB, 5 files kept", Duration.ofSeconds(10));
            String boot = log.from(0);
            assertThat(boot).containsPattern("(?m)^" + TIME + " INFO  \\[gtach\\.provisioning\\.update\\] "
                    + "Events\\.Bundle\\.gtach\\.provisioning\\.update: BundleEvent STARTED$");
            assertThat(boot).doesNotContain("Events.Service");

            // Small files through Config Admin, with the shell's cm commands
            ok(runtime, "p = new java.util.Hashtable ; $p put maxFileKiB 1 ; $p put files 3 ; "
                    + "(cm:getConfiguration gtach.provisioning.log '?') update $p");
            log.awaitFinding(0, "Logging to .* rotated past 1 KiB, 3 files kept", Duration.ofSeconds(10));
            assertThat(runtime.stop()).isZero();
        }

        // The next boot, some KiB of bundle events, is spread over three files of at most 1 KiB
        try (GtachProcess runtime = GtachProcess.start(home)) {
            try (Stream<Path> files = Files.list(log.file().getParent())) {
                assertThat(files.map(p -> p.getFileName().toString()).sorted())
                        .containsExactly("gtach.log", "gtach.log.1", "gtach.log.2");
            }
            for (String name : List.of("gtach.log", "gtach.log.1", "gtach.log.2")) {
                assertThat(Files.size(log.file().resolveSibling(name))).as(name).isBetween(1L, 1024L);
            }
            assertThat(runtime.stop()).isZero();
        }
    }

    private static String ok(GtachProcess runtime, String line) throws Exception {
        Result result = runtime.cmd(line);
        assertThat(result.status()).as("gtach.jar cmd '%s' printed:%n%s", line, result.out()).isZero();
        return result.out();
    }
}
