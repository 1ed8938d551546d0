package gtach.provisioning.update.internal;

import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.Generation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The update service's state directory ({@code <home>/state}):
 * <pre>
 * generations/&lt;N&gt;.json   each committed bundle set; the newest is the running one, and writing it is the commit
 * configurations/&lt;N&gt;.json the application's configuration when generation N was committed, written just before it
 * current                 the number of the running generation, for people and scripts (repaired at start-up)
 * journal                 the intent record of the attempt in progress; empty when none is
 * history.jsonl           every attempt, oldest first, one JSON object per line
 * boots.properties        boots of the current generation not yet seen to succeed
 * tx/                     staged JARs and copies of data areas, while an attempt runs
 * </pre>
 * A commit costs two fsyncs (the generation file and its directory); the intent record one, since
 * it is overwritten in place and carries its own length and checksum; a history line one.
 * <p>
 * Every file is read strictly and with a size cap; a damaged one is a {@link DamagedStateFile}
 * whose message says what to do. Only {@code current} is repaired by itself: it is a hint.
 */
final class StateStore {

    private static final String HISTORY = "history.jsonl";
    private static final String BOOTS = "boots.properties";
    private static final String JOURNAL = "journal";
    /** Where an earlier release kept the journal, as plain JSON written by replacing the file. */
    private static final String LEGACY_JOURNAL = "journal.json";
    private static final String JOURNAL_MAGIC = "gtach-journal 1 ";
    private static final int MAX_BOOTS_BYTES = 64 * 1024;
    private static final String CONFIGURATIONS = "configurations";

    /** Longer than any number of generations: more is not a hint this release wrote. */
    private static final int MAX_HINT_BYTES = 32;

    private final Path root;
    private final DurableFiles files;
    private final HistoryFile history;
    /** Told, once each, what was repaired or left out: the component logs it. */
    private final Consumer<String> notices;
    private final Set<String> noticed = new HashSet<>();
    private int committed;
    /** The running generation once read or written: every request starts from it. */
    private Generation current;

    StateStore(Path root, DurableFiles files) throws IOException {
        this(root, files, notice -> { });
    }

    /**
     * Opens the state directory, creating it when absent, and repairs the {@code current} hint.
     *
     * @throws UnwritableState when the directory cannot be written
     */
    StateStore(Path root, DurableFiles files, Consumer<String> notices) throws IOException {
        this.root = root;
        this.files = files;
        this.notices = notices;
        this.history = new HistoryFile(root.resolve(HISTORY), files);
        try {
            Files.createDirectories(root.resolve("generations"));
            if (!Files.isWritable(root) || !Files.isWritable(root.resolve("generations"))) {
                throw new UnwritableState(root, null);
            }
            if (!Files.exists(root.resolve(JOURNAL))) {
                forgetUncommittedGenerations();
            }
            files.create(root.resolve(JOURNAL));
            committed = newestGeneration();
            repairHint();
        } catch (AccessDeniedException e) {
            throw new UnwritableState(root, e);
        } catch (FileSystemException e) {
            if (Files.isDirectory(root) && !Files.isWritable(root)) {
                throw new UnwritableState(root, e);
            }
            throw e;
        }
    }

    Path root() {
        return root;
    }

    DurableFiles files() {
        return files;
    }

    /** Where one attempt keeps its staged JARs and snapshots; emptied when it ends. */
    Path transactionDirectory() {
        return root.resolve("tx");
    }

    /** The running generation: the newest generation file. */
    int currentNumber() {
        return committed;
    }

    /**
     * A state directory an earlier release wrote (it had no {@code journal} file) committed by moving
     * {@code current}: a generation file above it is what an interrupted attempt left, never committed.
     */
    private void forgetUncommittedGenerations() throws IOException {
        int hinted = hintedCurrent().orElse(-1);
        if (hinted < 0) {
            return;
        }
        for (int n = newestGeneration(); n > hinted; n--) {
            files.delete(generationFile(n));
        }
    }

    private int newestGeneration() throws IOException {
        int newest = 0;
        try (DirectoryStream<Path> names = Files.newDirectoryStream(root.resolve("generations"), "*.json")) {
            for (Path file : names) {
                String name = file.getFileName().toString();
                try {
                    newest = Math.max(newest, Integer.parseInt(name.substring(0, name.length() - ".json".length())));
                } catch (NumberFormatException e) {
                    // Not a generation file (an editor's backup, say).
                }
            }
        }
        return newest;
    }

    /** The number {@code current} holds: 0 when absent, empty when it holds anything but a number. */
    private Optional<Integer> hintedCurrent() throws IOException {
        Path hint = root.resolve("current");
        if (!Files.exists(hint)) {
            return Optional.of(0);
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(hint)) {
            head = in.readNBytes(MAX_HINT_BYTES + 1);
        }
        String text = new String(head, StandardCharsets.ISO_8859_1).strip();
        if (head.length > MAX_HINT_BYTES || !text.matches("[0-9]{1,9}")) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(text));
    }

    /** The newest generation file is the truth; {@code current} only says it for people and scripts. */
    private void repairHint() throws IOException {
        Path hint = root.resolve("current");
        boolean exists = Files.exists(hint);
        Optional<Integer> hinted = hintedCurrent();
        if (hinted.isPresent() && hinted.get() == committed && (exists || committed == 0)) {
            return;
        }
        files.writeHint(hint, (committed + "\n").getBytes(StandardCharsets.US_ASCII));
        if (committed > 0 || hinted.isEmpty()) {
            notice("The update state file " + hint + (!exists ? " was missing"
                    : hinted.isEmpty() ? " held no generation number" : " said generation " + hinted.get())
                    + "; it now says " + committed + ", the newest generation file in " + root.resolve("generations")
                    + ", which is the generation that runs.");
        }
    }

    /**
     * The running generation.
     *
     * @throws DamagedStateFile when its file cannot be read; history and earlier generations still read
     */
    Generation current() throws IOException {
        int number = currentNumber();
        if (current == null || current.number() != number) {
            current = read(number, this::currentRemedy).orElseThrow(() -> new IOException("The current generation "
                    + number + " has no file " + generationFile(number)));
        }
        return current;
    }

    /**
     * Checks at boot, without a JSON parser, that the current generation's file is whole, so that an
     * application whose generation file is cut short or garbled is not started.
     */
    void checkCurrentIsWhole() throws IOException {
        int number = currentNumber();
        Path file = generationFile(number);
        if (number == 0 || !Files.exists(file)) {
            return;
        }
        try {
            byte[] content = readBounded(file, StateFormat.MAX_GENERATION_BYTES);
            Utf8.check(content);
            WholeJson.check(content);
        } catch (StateFormat.Malformed e) {
            throw new DamagedStateFile(file, e.getMessage(), "the application is not started: restore it from a"
                    + " backup and start the runtime again (" + intactBefore(number) + ")", e);
        }
    }

    private String currentRemedy(int number) {
        return "restore it from a backup; until then nothing can be planned from generation " + number + " ("
                + intactBefore(number) + ")";
    }

    /** Names the newest earlier generation whose file reads, the one to return to. */
    private String intactBefore(int number) {
        for (int n = number - 1; n > 0; n--) {
            try {
                if (generation(n).isPresent()) {
                    return "generation " + n + " is the newest intact one before it";
                }
            } catch (IOException e) {
                // Damaged too: look further back.
            }
        }
        return "no earlier generation is intact";
    }

    /** A committed generation; empty when its file is gone (never written, or removed). */
    Optional<Generation> generation(int number) throws IOException {
        return read(number, n -> "restore it from a backup");
    }

    private Optional<Generation> read(int number, java.util.function.IntFunction<String> remedy) throws IOException {
        if (number == 0) {
            return Optional.of(new Generation(0, Instant.EPOCH, "nothing installed yet", List.of()));
        }
        Path file = generationFile(number);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Generation generation = StateFormat.readGeneration(readBounded(file, StateFormat.MAX_GENERATION_BYTES));
            if (generation.number() != number) {
                throw new StateFormat.Malformed("it says it is generation " + generation.number());
            }
            return Optional.of(generation);
        } catch (StateFormat.Malformed e) {
            throw new DamagedStateFile(file, e.getMessage(), remedy.apply(number), e);
        }
    }

    /** Every committed generation whose file reads; a damaged one is left out and named once. */
    List<Generation> generations() throws IOException {
        List<Generation> all = new ArrayList<>();
        for (int n = 1; n <= committed; n++) {
            try {
                generation(n).ifPresent(all::add);
            } catch (DamagedStateFile e) {
                notice(e.getMessage());
            }
        }
        return all;
    }

    /**
     * The commit point: writes the next generation durably. After this returns, a restart keeps it;
     * if it throws, the previous generation is still the committed one.
     */
    void commit(Generation generation) throws IOException {
        if (generation.number() != committed + 1) {
            throw new IllegalArgumentException("Generation " + generation.number() + " does not follow " + committed);
        }
        files.write(generationFile(generation.number()), StateFormat.write(generation));
        committed = generation.number();
        current = generation;
        files.writeHint(root.resolve("current"), (committed + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Keeps the application's configuration with a generation, durably, before the generation itself
     * is written: a generation file never names configuration that is not there. A record is written
     * only when it differs from the one an earlier generation left (most changes leave the
     * configuration alone, and an fsync on an SD card is dear); a generation without its own record
     * has the configuration of the nearest earlier one that has.
     */
    void writeConfigurations(int number, ApplicationConfigurations.Record record) throws IOException {
        Optional<ApplicationConfigurations.Record> earlier = configurations(number - 1);
        Path file = configurationsFile(number);
        if (earlier.isPresent() && earlier.get().equals(record)) {
            Files.deleteIfExists(file); // one an attempt of this number left before it failed to commit
            return;
        }
        Files.createDirectories(root.resolve(CONFIGURATIONS));
        files.write(file, record.toJson());
    }

    /**
     * The application's configuration when the generation was committed; empty for a generation
     * committed before configuration was kept, or whose record does not read (then a rollback to it
     * leaves the configuration as it is, as it always did).
     */
    Optional<ApplicationConfigurations.Record> configurations(int number) {
        for (int n = number; n >= 1; n--) {
            Path file = configurationsFile(n);
            if (!Files.exists(file)) {
                continue;
            }
            try {
                return Optional.of(ApplicationConfigurations.Record.fromJson(readBounded(file, StateFormat.MAX_JOURNAL_BYTES)));
            } catch (IOException | RuntimeException e) {
                notices.accept("The configuration kept with generation " + n + " in " + file + " does not read ("
                        + e.getMessage() + "); a rollback to generation " + number + " leaves the configuration as it is.");
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private Path configurationsFile(int number) {
        return root.resolve(CONFIGURATIONS).resolve(number + ".json");
    }

    /**
     * The intent record of an unfinished attempt; empty when there is none or a crash cut it short.
     *
     * @throws DamagedStateFile when the file holds something this release never writes there
     */
    Optional<Journal> journal() throws IOException {
        Path legacy = root.resolve(LEGACY_JOURNAL);
        if (Files.exists(legacy)) {
            try {
                return Optional.of(StateFormat.readJournal(readBounded(legacy, StateFormat.MAX_JOURNAL_BYTES)));
            } catch (StateFormat.Malformed e) {
                throw new DamagedStateFile(legacy, e.getMessage(), "if no update was under way when the runtime"
                        + " stopped, delete it and start again, otherwise restore it from a backup", e);
            }
        }
        Path file = root.resolve(JOURNAL);
        try {
            return JournalRecord.read(readBounded(file, JournalRecord.MAX_BYTES));
        } catch (StateFormat.Malformed e) {
            throw new DamagedStateFile(file, e.getMessage(), "if no update was under way when the runtime stopped,"
                    + " empty it (truncate -s 0 " + file + ") and start again, otherwise restore it from a backup", e);
        }
    }

    /** Writes the intent record durably, with one fsync: the file exists and is overwritten in place. */
    void writeJournal(Journal journal) throws IOException {
        files.overwrite(root.resolve(JOURNAL), JournalRecord.write(journal));
    }

    /**
     * Ends the attempt's intent record. After a commit this need not be durable: a journal that names
     * a committed generation is finished again at start-up. After a failure it must be.
     */
    void clearJournal(boolean durable) throws IOException {
        files.empty(root.resolve(JOURNAL), durable);
        files.delete(root.resolve(LEGACY_JOURNAL));
    }

    /**
     * Read at every boot, before the application starts: a properties file, so no JSON parser is woken for it.
     *
     * @throws DamagedStateFile when it holds anything but the three numbers this release writes
     */
    BootRecord boots() throws IOException {
        Path file = root.resolve(BOOTS);
        if (!Files.exists(file)) {
            return BootRecord.fresh(currentNumber());
        }
        try {
            return BootRecordFormat.read(readBounded(file, MAX_BOOTS_BYTES));
        } catch (StateFormat.Malformed e) {
            throw new DamagedStateFile(file, e.getMessage(), "delete it to count boots afresh", e);
        }
    }

    void writeBoots(BootRecord boots) throws IOException {
        try {
            files.write(root.resolve(BOOTS), BootRecordFormat.write(boots));
        } catch (AccessDeniedException e) {
            throw new UnwritableState(root, e);
        }
    }

    /** Every attempt that reads; a damaged line is left out and named once, a last line a crash cut short silently. */
    List<Attempt> history() throws IOException {
        HistoryFile.Lines lines = history.read();
        lines.damaged().forEach(this::notice);
        return lines.attempts();
    }

    /** Appends one attempt without reading the earlier ones, so a damaged old line cannot make it fail. */
    void record(Attempt attempt) throws IOException {
        history.append(attempt);
    }

    private void notice(String sentence) {
        if (noticed.add(sentence)) {
            notices.accept(sentence);
        }
    }

    /** Reads a whole file after checking its size, so an oversized file is refused before it is read. */
    static byte[] readBounded(Path file, long maxBytes) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new StateFormat.Malformed("it is " + size + " bytes, more than the limit of " + maxBytes);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] content = in.readNBytes((int) maxBytes + 1);
            if (content.length > maxBytes) {
                throw new StateFormat.Malformed("it grew beyond the limit of " + maxBytes + " bytes while being read");
            }
            return content;
        }
    }

    private Path generationFile(int number) {
        return root.resolve("generations").resolve(number + ".json");
    }
}
