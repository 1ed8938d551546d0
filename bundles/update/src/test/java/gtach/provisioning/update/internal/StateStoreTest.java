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

    private static Generation generation(int number) {
        return new Generation(number, Instant.parse("2026-11-25T10:15:30Z"), "install tach ^1.0",
                List.of(new ManagedBundle("tach", "1.0.0", "ab".repeat(32), "gtach:app:tach", 2, true, true),
                        new ManagedBundle("tach.lib", "1.1.0.rc_1", "cd".repeat(32), "gtach:app:tach.lib", 2, false, false)));
    }

    @Test
    void startsAtGenerationZeroWithNothingInstalled() throws IOException {
        StateStore store = new StateStore(dir);
        assertThat(store.currentNumber()).isZero();
        assertThat(store.current().bundles()).isEmpty();
        assertThat(store.journal()).isEmpty();
        assertThat(store.history()).isEmpty();
    }

    @Test
    void aGenerationRoundTripsExactly() throws IOException {
        StateStore store = new StateStore(dir);
        store.writeGeneration(generation(1));
        store.makeCurrent(1);
        assertThat(new StateStore(dir).current()).isEqualTo(generation(1));
        assertThat(Files.readString(dir.resolve("current"))).isEqualTo("1\n");
    }

    @Test
    void aWrittenGenerationIsNotCurrentUntilMadeSo() throws IOException {
        StateStore store = new StateStore(dir);
        store.writeGeneration(generation(1));
        store.makeCurrent(1);
        store.writeGeneration(generation(2));
        assertThat(store.currentNumber()).isEqualTo(1);
        assertThat(store.generations()).extracting(Generation::number).containsExactly(1);
    }

    @Test
    void theJournalIsWrittenReadAndCleared() throws IOException {
        StateStore store = new StateStore(dir);
        Journal journal = new Journal(3, 4, "update tach", List.of("update tach 1.0.0 -> 1.1.0"), List.of("gtach:app:tach"));
        store.writeJournal(journal);
        assertThat(new StateStore(dir).journal()).contains(journal);
        store.clearJournal();
        assertThat(store.journal()).isEmpty();
        assertThat(dir.resolve("journal.json")).doesNotExist();
    }

    @Test
    void historyKeepsEveryAttemptInOrder() throws IOException {
        StateStore store = new StateStore(dir);
        Attempt committed = new Attempt(1, Instant.parse("2026-11-25T10:00:00Z"), "install tach", List.of("install tach 1.0.0"),
                Attempt.Outcome.COMMITTED, "");
        Attempt failed = new Attempt(1, Instant.parse("2026-11-25T10:05:00Z"), "update tach", List.of("update tach 1.0.0 -> 1.2.0"),
                Attempt.Outcome.ROLLED_BACK, "tach 1.2.0 failed to start: boom");
        store.record(committed);
        store.record(failed);
        assertThat(new StateStore(dir).history()).containsExactly(committed, failed);
    }

    @Test
    void aHistoryLineACrashCutShortIsSkippedAndTheNextAttemptStillRecorded() throws IOException {
        StateStore store = new StateStore(dir);
        Attempt first = new Attempt(1, Instant.parse("2026-11-25T10:00:00Z"), "install tach", List.of(),
                Attempt.Outcome.COMMITTED, "");
        store.record(first);
        Files.writeString(dir.resolve("history.jsonl"), "{\"generation\":2,\"ti", java.nio.file.StandardOpenOption.APPEND);
        assertThat(store.history()).containsExactly(first);

        Attempt next = new Attempt(1, Instant.parse("2026-11-25T10:01:00Z"), "update tach", List.of(),
                Attempt.Outcome.RECOVERED, "the runtime stopped during the attempt");
        store.record(next);
        assertThat(new StateStore(dir).history()).containsExactly(first, next);
    }

    @Test
    void aDamagedHistoryLineBeforeTheLastIsAnError() throws IOException {
        StateStore store = new StateStore(dir);
        Files.writeString(dir.resolve("history.jsonl"), "garbage\n");
        store.record(new Attempt(1, Instant.parse("2026-11-25T10:00:00Z"), "install tach", List.of(),
                Attempt.Outcome.COMMITTED, ""));
        assertThatThrownBy(store::history).isInstanceOf(IOException.class).hasMessageContaining("Line 1");
    }

    @Test
    void aDamagedCurrentFileIsReportedWithItsPath() throws IOException {
        StateStore store = new StateStore(dir);
        Files.writeString(dir.resolve("current"), "two");
        assertThatThrownBy(store::currentNumber).isInstanceOf(IOException.class).hasMessageContaining("current")
                .hasMessageContaining("\"two\"");
    }

    @Test
    void noTemporaryFileIsLeftBehind() throws IOException {
        StateStore store = new StateStore(dir);
        store.writeGeneration(generation(1));
        store.makeCurrent(1);
        try (var files = Files.walk(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
