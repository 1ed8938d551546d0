package gtach.provisioning.itests;

import gtach.provisioning.itests.GtachProcess.Result;
import gtach.provisioning.itests.fixture.FixtureBundle;
import gtach.provisioning.itests.fixture.FixtureBundle.Behaviour;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A current generation file damaged while the runtime was stopped: the application is not started,
 * the runtime says in one sentence which file and what to do, and restoring the file is enough.
 */
class DamagedStateProcessTest {

    private static final String APP = "gtach.itest.damaged.app";

    @TempDir
    Path temp;

    @Test
    void aTruncatedCurrentGenerationKeepsTheApplicationDownAndIsNamedInOneSentence() throws Exception {
        Path home = temp.resolve("home");
        Path packages = temp.resolve("packages");
        FixtureBundle.bundle(APP, "1.0.0").behaviour(Behaviour.LOG_EVENTS).writeTo(packages);
        FixtureBundle.bundle(APP, "1.1.0").behaviour(Behaviour.LOG_EVENTS).writeTo(packages);
        try (GtachProcess runtime = GtachProcess.start(home)) {
            ok(runtime, "gtach:add " + packages);
            ok(runtime, "gtach:install " + APP + " '[1.0,1.1)'");
            ok(runtime, "gtach:update " + APP);
            assertThat(runtime.stop()).isZero();
        }
        // Given generation 2's file cut short while the runtime was stopped
        Path file = home.resolve("state/generations/2.json");
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));
        String eventsBefore = Files.readString(home.resolve("app-events.log"));

        try (GtachProcess runtime = GtachProcess.launch(home)) {
            // Then the runtime says which file, what is wrong and what to do, in one line
            String sentence = "The update state file " + file + " is damaged (truncated JSON at line ";
            runtime.awaitOutputFinding(0, java.util.regex.Pattern.quote(sentence), Duration.ofSeconds(60));
            assertThat(runtime.output().lines().filter(line -> line.contains(sentence)).findFirst().orElseThrow())
                    .endsWith("the application is not started: restore it from a backup and start the runtime again"
                            + " (generation 1 is the newest intact one before it).");
            // at once: the launcher sees the update service's activation fail rather than waiting out its 60 s for a service
            runtime.awaitOutputLine("GTach: the update service could not restore", Duration.ofSeconds(30));
            // and the application did not start
            assertThat(ok(runtime, "lb -s")).doesNotContainPattern("Active *\\| *\\d+\\| *" + APP.replace(".", "\\."));
            assertThat(Files.readString(home.resolve("app-events.log"))).isEqualTo(eventsBefore);
            assertThat(runtime.stop()).isZero();
        }

        // When the file is restored, generation 2 runs again
        Files.write(file, whole);
        try (GtachProcess runtime = GtachProcess.start(home)) {
            assertThat(ok(runtime, "gtach:status")).contains("Generation 2 (").containsPattern(APP + " +1\\.1\\.0 +ACTIVE");
            assertThat(runtime.stop()).isZero();
        }
    }

    private static String ok(GtachProcess runtime, String line) throws Exception {
        Result result = runtime.cmd(line);
        assertThat(result.status()).as("gtach.jar cmd '%s' printed:%n%s", line, result.out()).isZero();
        return result.out();
    }
}
