package gtach.provisioning.update.internal;

import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.ManagedBundle;
import gtach.provisioning.update.UpdateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Each kind of damage to a state file is one sentence naming the file and what to do, or is repaired with one notice. */
class DamagedStateTest {

    @TempDir
    Path dir;

    private final List<String> notices = new ArrayList<>();

    private StateStore store() throws IOException {
        return new StateStore(dir, new DurableFiles(DurableFiles.Listener.NONE), notices::add);
    }

    private static Generation generation(int number) {
        return new Generation(number, Instant.parse("2026-11-25T10:15:30Z"), "update tach",
                List.of(new ManagedBundle("tach", "1." + number + ".0", "ab".repeat(32), "gtach:app:tach", 2, true, true)));
    }

    private StateStore threeGenerations() throws IOException {
        StateStore store = store();
        for (int n = 1; n <= 3; n++) {
            store.commit(generation(n));
            store.record(new Attempt(n, Instant.parse("2026-11-25T10:15:30Z"), "update tach", List.of(),
                    Attempt.Outcome.COMMITTED, ""));
        }
        return store;
    }

    private void writeJournalRecord(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(body);
        Files.writeString(dir.resolve("journal"), "gtach-journal 1 " + body.length + " " + Long.toHexString(crc.getValue())
                + "\n" + json);
    }

    @Test
    void aJournalNamingATransitionKeyTwiceIsRefusedNotHalfBelieved() throws IOException {
        // Given a whole journal record (length and checksum right) in which "from" appears twice
        threeGenerations();
        writeJournalRecord("{\"format\":1,\"from\":3,\"to\":4,\"from\":1,\"request\":\"update tach\","
                + "\"changes\":[],\"touched\":[\"gtach:app:tach\"]}");
        // When recovery reads it, then it is refused, with the file named and what to do
        Path journal = dir.resolve("journal");
        assertThatThrownBy(() -> store().journal()).isInstanceOf(DamagedStateFile.class)
                .hasMessage("The update state file " + journal + " is damaged (duplicate field 'from' at line 1); if no"
                        + " update was under way when the runtime stopped, empty it (truncate -s 0 " + journal + ") and"
                        + " start again, otherwise restore it from a backup.");
    }

    @Test
    void aJournalThatIsNotJsonIsOneSentenceNotSilence() throws IOException {
        store();
        Files.writeString(dir.resolve("journal"), "{not json");
        assertThatThrownBy(() -> store().journal()).isInstanceOf(DamagedStateFile.class)
                .hasMessageStartingWith("The update state file " + dir.resolve("journal") + " is damaged (it does not"
                        + " begin with the header \"gtach-journal 1\"); if no update was under way");
    }

    @Test
    void aGenerationWithAnUnknownFieldIsDamaged() throws IOException {
        threeGenerations();
        Path file = dir.resolve("generations/2.json");
        Files.writeString(file, Files.readString(file).replaceFirst("\\{", "{\"colour\":\"red\","));
        assertThatThrownBy(() -> store().generation(2)).isInstanceOf(DamagedStateFile.class)
                .hasMessage("The update state file " + file + " is damaged (unknown field \"colour\");"
                        + " restore it from a backup.");
    }

    @Test
    void aGenerationFileCopiedOverAnotherIsDamaged() throws IOException {
        threeGenerations();
        Files.copy(dir.resolve("generations/1.json"), dir.resolve("generations/2.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> store().generation(2)).isInstanceOf(DamagedStateFile.class)
                .hasMessageContaining("(it says it is generation 1)");
    }

    @Test
    void aGenerationWithBadUtf8IsDamaged() throws IOException {
        threeGenerations();
        Path file = dir.resolve("generations/2.json");
        byte[] bytes = Files.readAllBytes(file);
        int cause = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("update tach");
        bytes[cause] = (byte) 0xC3;
        bytes[cause + 1] = (byte) 0x28;
        Files.write(file, bytes);
        assertThatThrownBy(() -> store().generation(2)).isInstanceOf(DamagedStateFile.class)
                .hasMessageContaining("is damaged (bad UTF-8 at byte " + (cause + 1) + ")");
    }

    @Test
    void anOversizedGenerationIsRefusedBeforeItIsRead() throws IOException {
        // Given a generation file of 100 MB (sparse: no disk is used)
        threeGenerations();
        Path file = dir.resolve("generations/2.json");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(100L << 20);
        }
        long before = usedHeap();
        assertThatThrownBy(() -> store().generation(2)).isInstanceOf(DamagedStateFile.class)
                .hasMessageContaining("is damaged (it is 104857600 bytes, more than the limit of 8388608)");
        assertThat(usedHeap() - before).isLessThan(50L << 20);
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    @Test
    void aTruncatedCurrentGenerationStopsTheBootButHistoryAndEarlierGenerationsStillRead() throws IOException {
        // Given generation 3 cut short in the middle of its bundle list
        threeGenerations();
        Path file = dir.resolve("generations/3.json");
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 6));
        StateStore store = store();
        // Then the boot check refuses it with one sentence naming the file and the generation to return to
        assertThatThrownBy(store::checkCurrentIsWhole).isInstanceOf(DamagedStateFile.class)
                .hasMessage("The update state file " + file + " is damaged (truncated JSON at line 13); the"
                        + " application is not started: restore it from a backup and start the runtime again"
                        + " (generation 2 is the newest intact one before it).");
        assertThatThrownBy(store::current).isInstanceOf(DamagedStateFile.class)
                .hasMessageStartingWith("The update state file " + file + " is damaged (truncated JSON at line ")
                .hasMessageEndingWith("; restore it from a backup; until then nothing can be planned from generation 3"
                        + " (generation 2 is the newest intact one before it).");
        // and what an operator needs to look around still reads
        assertThat(store.history()).hasSize(3);
        assertThat(store.generation(2)).contains(generation(2));
        assertThat(store.currentNumber()).isEqualTo(3);
    }

    @Test
    void aCurrentGenerationCutShortAtABundleBoundaryIsNotWhole() throws IOException {
        threeGenerations();
        Path file = dir.resolve("generations/3.json");
        String text = Files.readString(file);
        Files.writeString(file, text.substring(0, text.lastIndexOf('}', text.lastIndexOf('}') - 1) + 1));
        assertThatThrownBy(store()::checkCurrentIsWhole).isInstanceOf(DamagedStateFile.class)
                .hasMessageContaining("(truncated JSON at line");
    }

    @Test
    void aCurrentHintThatIsNoNumberIsRepairedWithOneNotice() throws IOException {
        threeGenerations();
        for (String hint : new String[] {"abc", "", "\u00ff\u00fe"}) {
            notices.clear();
            Files.writeString(dir.resolve("current"), hint, StandardCharsets.ISO_8859_1);
            assertThat(store().currentNumber()).isEqualTo(3);
            assertThat(Files.readString(dir.resolve("current"))).isEqualTo("3\n");
            assertThat(notices).as("for \"%s\"", hint).containsExactly("The update state file " + dir.resolve("current")
                    + " held no generation number; it now says 3, the newest generation file in "
                    + dir.resolve("generations") + ", which is the generation that runs.");
        }
    }

    @Test
    void aCurrentHintEditedToAnEarlierGenerationIsNoticedAndTheNewestGenerationRuns() throws IOException {
        // Given generation 3 committed, and current edited by hand to say 1
        threeGenerations();
        Files.writeString(dir.resolve("current"), "1\n");
        // When the runtime starts again
        StateStore store = store();
        // Then generation 3 is the one that runs, all files are kept, and the edit is noticed once
        assertThat(store.currentNumber()).isEqualTo(3);
        assertThat(store.current()).isEqualTo(generation(3));
        assertThat(dir.resolve("generations/3.json")).exists();
        assertThat(Files.readString(dir.resolve("current"))).isEqualTo("3\n");
        assertThat(notices).containsExactly("The update state file " + dir.resolve("current") + " said generation 1;"
                + " it now says 3, the newest generation file in " + dir.resolve("generations")
                + ", which is the generation that runs.");
    }

    @Test
    void aGarbledBootRecordIsDamaged() throws IOException {
        threeGenerations();
        Path file = dir.resolve("boots.properties");
        for (String garbage : new String[] {"garbage", "generation=\\u00zz", "generation=3\nunconfirmedStarts=-1\n"}) {
            Files.writeString(file, garbage);
            assertThatThrownBy(() -> store().boots()).as(garbage).isInstanceOf(DamagedStateFile.class)
                    .hasMessageStartingWith("The update state file " + file + " is damaged (")
                    .hasMessageEndingWith("); delete it to count boots afresh.");
        }
    }

    @Test
    void theBootGuardCountsAfreshOverAGarbledBootRecordWithOneWarning() throws IOException, UpdateException {
        // Given a boot record garbled from outside
        StateStore store = threeGenerations();
        Files.writeString(dir.resolve("boots.properties"), "generation=\\u00zz");
        List<String> warnings = new ArrayList<>();
        BootGuard guard = new BootGuard(null, store, null, null, new ReentrantLock(), logger(warnings));
        // When a boot is counted, it starts a fresh count for the current generation
        guard.countBoot(3, Duration.ofSeconds(1));
        assertThat(store.boots()).isEqualTo(new BootRecord(3, 1, List.of()));
        assertThat(warnings).singleElement().asString().startsWith("The update state file "
                + dir.resolve("boots.properties") + " is damaged (").endsWith("Counting the boots of generation 3 afresh.");
    }

    /** A Log Service logger that keeps the warnings, with their placeholders filled in. */
    private static Logger logger(List<String> warnings) {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("warn") && args != null && args[0] instanceof String format) {
                        String text = format;
                        Object[] values = args.length > 1 && args[1] instanceof Object[] a ? a
                                : java.util.Arrays.copyOfRange(args, 1, args.length);
                        for (Object value : values) {
                            text = text.replaceFirst("\\{}", java.util.regex.Matcher.quoteReplacement(String.valueOf(value)));
                        }
                        warnings.add(text);
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
    }

    @Test
    void aReadOnlyStateDirectoryIsOneSentenceNamingItAndTheUser() throws IOException, InterruptedException {
        // Given a state directory nobody may write (root ignores modes, so it is made immutable for root)
        threeGenerations();
        boolean immutable = makeReadOnly(dir);
        try {
            assumeFalse(Files.isWritable(dir), "this file system cannot make a directory read-only for this user");
            String user = System.getProperty("user.name");
            assertThatThrownBy(this::store).isInstanceOf(UnwritableState.class)
                    .hasMessage("The update state directory " + dir + " is not writable by the user " + user
                            + " the runtime runs as, so no update could be recorded; make it and the files in it"
                            + " writable by that user (for example chown -R " + user + " " + dir + ") and start again.");
        } finally {
            if (immutable) {
                new ProcessBuilder("chattr", "-i", dir.toString()).start().waitFor();
            }
            dir.toFile().setWritable(true);
        }
    }

    private static boolean makeReadOnly(Path dir) throws InterruptedException {
        dir.toFile().setWritable(false);
        if (!Files.isWritable(dir)) {
            return false;
        }
        try {
            return new ProcessBuilder("chattr", "+i", dir.toString()).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
