package gtach.provisioning.itests;

import gtach.provisioning.itests.GtachProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an update and a rollback cost the disk: the update service prints each fsync and rename it
 * makes when {@code gtach.update.traceWrites} is on, and an update of the running example whose data
 * areas are empty needs five fsyncs (the journal before anything changes, the journal again once the
 * bundles stopped and their data areas are known, the generation file and its directory, the history
 * line), as does the rollback. A write added to the path of every update makes this fail.
 */
class DurableWritesProcessTest {

    private static final String TACH = "gtach.example.tach";
    private static final String DISPLAY = "gtach.example.display";

    @TempDir
    Path temp;

    @Test
    void anUpdateAndARollbackOfTheRunningExampleEachSyncFiveTimes() throws Exception {
        Path packages = Path.of(System.getProperty("example.packages")).toAbsolutePath();
        Path home = temp.resolve("home");
        try (GtachProcess runtime = GtachProcess.start(home, List.of("-Dgtach.update.traceWrites=true"))) {
            runtime.awaitOutputLine("GTach runtime ready", GtachProcess.START_TIMEOUT);
            ok(runtime, "gtach:add " + packages);
            ok(runtime, "gtach:install " + TACH + " ~1.0.0");
            ok(runtime, "gtach:install " + DISPLAY + " ^1.0");

            List<String> update = writes(runtime, "gtach:update " + TACH + " ~1.1.0");
            assertThat(update).as("durable writes of the update").containsExactly(
                    "fsync " + home.resolve("state/journal"),
                    "fsync " + home.resolve("state/journal"),
                    "fsync " + home.resolve("state/generations/.3.json.tmp"),
                    "rename " + home.resolve("state/generations/3.json"),
                    "fsync " + home.resolve("state/generations"),
                    "rename " + home.resolve("state/current"),
                    "fsync " + home.resolve("state/history.jsonl"));

            List<String> rollback = writes(runtime, "gtach:rollback");
            assertThat(rollback.stream().filter(w -> w.startsWith("fsync ")).count()).as("fsyncs of the rollback: %s", rollback)
                    .isEqualTo(5);
            assertThat(rollback).contains("rename " + home.resolve("state/generations/4.json"));
            assertThat(runtime.stop()).isZero();
        }
    }

    /** Runs a command that must succeed and answers the writes the update service reported meanwhile. */
    private static List<String> writes(GtachProcess runtime, String line) throws Exception {
        long offset = runtime.outputSize();
        Result result = runtime.cmd(line);
        assertThat(result.status()).as("gtach.jar cmd '%s' printed:%n%s", line, result.out()).isZero();
        String printed = result.out() + "\n" + runtime.outputFrom(offset);
        return printed.lines().filter(l -> l.startsWith("gtach.update fsync ") || l.startsWith("gtach.update rename "))
                .map(l -> l.substring("gtach.update ".length()).strip()).toList();
    }

    private static String ok(GtachProcess runtime, String line) throws Exception {
        Result result = runtime.cmd(line);
        assertThat(result.status()).as("gtach.jar cmd '%s' printed:%n%s", line, result.out()).isZero();
        return result.out();
    }
}
