package gtach.provisioning.update.internal;

import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.ManagedBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateStoreTest {

    @TempDir
    Path dir;

    /** Counts what reaches the disk durably, through the same seam every write of the update service takes. */
    private static final class Counter implements DurableFiles.Listener {
        final List<Path> syncs = new java.util.ArrayList<>();
        final List<Path> renames = new java.util.ArrayList<>();

        @Override
        public void synced(Path path) {
            syncs.add(path);
        }

        @Override
        public void renamed(Path target) {
            renames.add(target);
        }
    }

    private StateStore store() throws IOException {
        return new StateStore(dir, new DurableFiles(DurableFiles.Listener.NONE));
    }

    private static Generation generation(int number) {
        return new Generation(number, Instant.parse("2026-11-25T10:15:30Z"), "install tach ^1.0",
                List.of(new ManagedBundle("tach", "1.0.0", "ab".repeat(32), "gtach:app:tach", 2, true, true),
                        new ManagedBundle("tach.lib", "1.1.0.rc_1", "cd".repeat(32), "gtach:app:tach.lib", 2, false, false)));
    }

    @Test
    void startsAtGenerationZeroWithNothingInstalled() throws IOException {
        StateStore store = store();
        assertThat(store.currentNumber()).isZero();
        assertThat(store.current().bundles()).isEmpty();
        assertThat(store.journal()).isEmpty();
        assertThat(store.history()).isEmpty();
    }

    @Test
    void aGenerationRoundTripsExactly() throws IOException {
        StateStore store = store();
        store.commit(generation(1));
        assertThat(store().current()).isEqualTo(generation(1));
        assertThat(Files.readString(dir.resolve("current"))).isEqualTo("1\n");
    }

    @Test
    void theNewestGenerationFileIsTheCurrentOneAndTheCurrentFileIsRepairedFromIt() throws IOException {
        // Given a commit whose current file a power cut lost
        StateStore store = store();
        store.commit(generation(1));
        store.commit(new Generation(2, Instant.parse("2026-11-25T11:00:00Z"), "rollback to 1", generation(1).bundles()));
        Files.writeString(dir.resolve("current"), "1\n");
        // When the runtime starts again
        StateStore restarted = store();
        // Then generation 2 runs, and the file says so again
        assertThat(restarted.currentNumber()).isEqualTo(2);
        assertThat(restarted.generations()).extracting(Generation::number).containsExactly(1, 2);
        assertThat(Files.readString(dir.resolve("current"))).isEqualTo("2\n");
    }

    @Test
    void onlyTheNextGenerationCanBeCommitted() throws IOException {
        StateStore store = store();
        assertThatThrownBy(() -> store.commit(generation(2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Generation 2 does not follow 0");
        assertThat(store.currentNumber()).isZero();
        assertThat(dir.resolve("generations/2.json")).doesNotExist();
    }

    @Test
    void anUpdateCostsFourFsyncsAndTwoRenames() throws IOException {
        // Given a state directory in use
        Counter counter = new Counter();
        StateStore store = new StateStore(dir, new DurableFiles(counter));
        store.record(new Attempt(0, Instant.parse("2026-11-25T10:00:00Z"), "install tach", List.of(),
                Attempt.Outcome.ROLLED_BACK, "first line"));
        counter.syncs.clear();
        counter.renames.clear();
        // When an attempt writes what recovery needs, commits and records itself
        store.writeJournal(new Journal(0, 1, "install tach", List.of("install tach 1.0.0"), List.of("gtach:app:tach"),
                List.of("tach"), List.of(), java.util.Optional.of(List.of(java.util.Map.of("pid", "a.b")))));
        store.commit(generation(1));
        store.record(new Attempt(1, Instant.parse("2026-11-25T10:00:01Z"), "install tach", List.of(),
                Attempt.Outcome.COMMITTED, ""));
        store.clearJournal(false);
        // Then: the journal, the generation file and its directory, the history line
        assertThat(counter.syncs).containsExactly(dir.resolve("journal"), dir.resolve("generations/.1.json.tmp"),
                dir.resolve("generations"), dir.resolve("history.jsonl"));
        assertThat(counter.renames).containsExactly(dir.resolve("generations/1.json"), dir.resolve("current"));
    }

    @Test
    void theJournalIsWrittenReadAndCleared() throws IOException {
        StateStore store = store();
        Journal journal = new Journal(3, 4, "update tach", List.of("update tach 1.0.0 -> 1.1.0"), List.of("gtach:app:tach"));
        store.writeJournal(journal);
        assertThat(store().journal()).contains(journal);
        store.clearJournal(false);
        assertThat(store.journal()).isEmpty();
    }

    @Test
    void theJournalKeepsTheConfigurationsAndDataAreas() throws IOException {
        StateStore store = store();
        Journal journal = new Journal(3, 4, "update tach", List.of(), List.of("gtach:app:tach"), List.of("tach"),
                List.of("display"), java.util.Optional.of(List.of(java.util.Map.of("pid", "tach.config",
                        "properties", java.util.Map.of("rpm", java.util.Map.of("type", "java.lang.Integer", "value", "7"))))));
        store.writeJournal(journal);
        assertThat(store().journal()).contains(journal);
    }

    @Test
    void aJournalACrashCutShortIsNoJournal() throws IOException {
        // Given a journal whose writing was interrupted: the framework was never touched for it
        StateStore store = store();
        store.writeJournal(new Journal(3, 4, "update tach", List.of("update tach 1.0.0 -> 1.1.0"), List.of("gtach:app:tach")));
        byte[] whole = Files.readAllBytes(dir.resolve("journal"));
        for (int length : new int[] {0, 10, whole.length / 2, whole.length - 1}) {
            Files.write(dir.resolve("journal"), java.util.Arrays.copyOf(whole, length));
            assertThat(store().journal()).as("cut at %d of %d bytes", length, whole.length).isEmpty();
        }
        // and one whose bytes changed
        byte[] changed = whole.clone();
        changed[changed.length - 3] ^= 1;
        Files.write(dir.resolve("journal"), changed);
        assertThat(store().journal()).isEmpty();
    }

    @Test
    void aGenerationFileAnEarlierReleaseLeftUncommittedIsForgotten() throws IOException {
        // Given a state directory of an earlier release, whose attempt at generation 2 stopped before moving current
        Files.createDirectories(dir.resolve("generations"));
        Files.write(dir.resolve("generations/1.json"), StateFormat.write(generation(1)));
        Files.write(dir.resolve("generations/2.json"), StateFormat.write(new Generation(2, Instant.EPOCH, "update tach",
                List.of())));
        Files.writeString(dir.resolve("current"), "1\n");
        // When this release opens it
        StateStore store = store();
        // Then generation 1 runs, and the next commit is generation 2 again
        assertThat(store.currentNumber()).isEqualTo(1);
        assertThat(dir.resolve("generations/2.json")).doesNotExist();
        store.commit(new Generation(2, Instant.EPOCH, "update tach", generation(1).bundles()));
        assertThat(store().currentNumber()).isEqualTo(2);
    }

    @Test
    void aJournalOfAnEarlierReleaseIsStillRead() throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("journal.json"), "{\"format\":1,\"from\":3,\"to\":4,\"request\":\"update tach\","
                + "\"changes\":[\"update tach 1.0.0 -> 1.1.0\"],\"touched\":[\"gtach:app:tach\"]}");
        StateStore store = store();
        assertThat(store.journal()).contains(new Journal(3, 4, "update tach", List.of("update tach 1.0.0 -> 1.1.0"),
                List.of("gtach:app:tach")));
        store.clearJournal(true);
        assertThat(store.journal()).isEmpty();
        assertThat(dir.resolve("journal.json")).doesNotExist();
    }

    @Test
    void historyKeepsEveryAttemptInOrder() throws IOException {
        StateStore store = store();
        Attempt committed = new Attempt(1, Instant.parse("2026-11-25T10:00:00Z"), "install tach", List.of("install tach 1.0.0"),
                Attempt.Outcome.COMMITTED, "");
        Attempt failed = new Attempt(1, Instant.parse("2026-11-25T10:05:00Z"), "update tach", List.of("update tach 1.0.0 -> 1.2.0"),
                Attempt.Outcome.ROLLED_BACK, "tach 1.2.0 failed to start: boom");
        store.record(committed);
        store.record(failed);
        assertThat(store().history()).containsExactly(committed, failed);
    }

    @Test
    void aHistoryLineACrashCutShortIsSkippedAndTheNextAttemptStillRecorded() throws IOException {
        StateStore store = store();
        Attempt first = new Attempt(1, Instant.parse("2026-11-25T10:00:00Z"), "install tach", List.of(),
                Attempt.Outcome.COMMITTED, "");
        store.record(first);
        Files.writeString(dir.resolve("history.jsonl"), "{\"generation\":2,\"ti", java.nio.file.StandardOpenOption.APPEND);
        assertThat(store.history()).containsExactly(first);

        Attempt next = new Attempt(1, Instant.parse("2026-11-25T10:01:00Z"), "update tach", List.of(),
                Attempt.Outcome.RECOVERED, "the runtime stopped during the attempt");
        store.record(next);
        assertThat(store().history()).containsExactly(first, next);
    }

    @Test
    void aDamagedHistoryLineIsLeftOutNamedOnceAndNeverStopsTheNextRecord() throws IOException {
        // Given a history with a garbage line between two attempts
        List<String> notices = new java.util.ArrayList<>();
        StateStore store = new StateStore(dir, new DurableFiles(DurableFiles.Listener.NONE), notices::add);
        Attempt first = new Attempt(1, Instant.parse("2026-11-25T10:00:00Z"), "install tach", List.of(),
                Attempt.Outcome.COMMITTED, "");
        store.record(first);
        Files.writeString(dir.resolve("history.jsonl"), "garbage\n", java.nio.file.StandardOpenOption.APPEND);
        // When the next attempt is recorded after its commit, and the history is read twice
        Attempt second = new Attempt(2, Instant.parse("2026-11-25T10:01:00Z"), "rollback to 1", List.of(),
                Attempt.Outcome.COMMITTED, "");
        store.record(second);
        // Then both attempts are listed and the damaged line is named once, with its number and file
        assertThat(store.history()).containsExactly(first, second);
        assertThat(store.history()).containsExactly(first, second);
        assertThat(notices).containsExactly("Line 2 of the update history " + dir.resolve("history.jsonl")
                + " is damaged (not JSON at line 1, column 8) and is left out of gtach:history; the other"
                + " attempts are listed, and new ones are still recorded.");
    }

    @Test
    void aDamagedCurrentFileIsRewrittenFromTheGenerations() throws IOException {
        store().commit(generation(1));
        Files.writeString(dir.resolve("current"), "two");
        assertThat(store().currentNumber()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("current"))).isEqualTo("1\n");
    }

    @Test
    void noTemporaryFileIsLeftBehind() throws IOException {
        StateStore store = store();
        store.commit(generation(1));
        store.writeJournal(new Journal(1, 2, "update tach", List.of(), List.of()));
        try (var files = Files.walk(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
