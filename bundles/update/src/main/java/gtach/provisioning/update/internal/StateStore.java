package gtach.provisioning.update.internal;

import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.Generation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.CRC32C;

/**
 * The update service's state directory ({@code <home>/state}):
 * <pre>
 * generations/&lt;N&gt;.json   each committed bundle set; the newest is the running one, and writing it is the commit
 * current                 the number of the running generation, for people and scripts (repaired at start-up)
 * journal                 the intent record of the attempt in progress; empty when none is
 * history.jsonl           every attempt, oldest first, one JSON object per line
 * boots.properties        boots of the current generation not yet seen to succeed
 * tx/                     staged JARs and copies of data areas, while an attempt runs
 * </pre>
 * A commit costs two fsyncs (the generation file and its directory); the intent record one, since
 * it is overwritten in place and carries its own length and checksum; a history line one.
 */
final class StateStore {

    private static final String HISTORY = "history.jsonl";
    private static final String BOOTS = "boots.properties";
    private static final String JOURNAL = "journal";
    /** Where an earlier release kept the journal, as plain JSON written by replacing the file. */
    private static final String LEGACY_JOURNAL = "journal.json";
    private static final String JOURNAL_MAGIC = "gtach-journal 1 ";

    private final Path root;
    private final DurableFiles files;
    private int committed;
    /** The running generation once read or written: every request starts from it. */
    private Generation current;

    StateStore(Path root, DurableFiles files) throws IOException {
        this.root = root;
        this.files = files;
        Files.createDirectories(root.resolve("generations"));
        if (!Files.exists(root.resolve(JOURNAL))) {
            forgetUncommittedGenerations();
        }
        files.create(root.resolve(JOURNAL));
        committed = newestGeneration();
        if (committed != hintedCurrent()) {
            files.writeHint(root.resolve("current"), (committed + "\n").getBytes(StandardCharsets.US_ASCII));
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
        int hinted = hintedCurrent();
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

    private int hintedCurrent() throws IOException {
        Path current = root.resolve("current");
        if (!Files.exists(current)) {
            return 0;
        }
        try {
            return Integer.parseInt(Files.readString(current, StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    Generation current() throws IOException {
        int number = currentNumber();
        if (current == null || current.number() != number) {
            current = generation(number).orElseThrow(() -> new IOException("The current generation " + number
                    + " has no file " + generationFile(number)));
        }
        return current;
    }

    Optional<Generation> generation(int number) throws IOException {
        if (number == 0) {
            return Optional.of(new Generation(0, Instant.EPOCH, "nothing installed yet", List.of()));
        }
        Path file = generationFile(number);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(StateFormat.readGeneration(Files.readAllBytes(file)));
    }

    List<Generation> generations() throws IOException {
        List<Generation> all = new ArrayList<>();
        for (int n = 1; n <= committed; n++) {
            generation(n).ifPresent(all::add);
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

    /** The intent record of an unfinished attempt; empty when there is none or a crash cut it short. */
    Optional<Journal> journal() throws IOException {
        Path legacy = root.resolve(LEGACY_JOURNAL);
        if (Files.exists(legacy)) {
            return Optional.of(StateFormat.readJournal(Files.readAllBytes(legacy)));
        }
        byte[] bytes = Files.readAllBytes(root.resolve(JOURNAL));
        int newline = indexOf(bytes, (byte) '\n');
        if (bytes.length == 0 || newline < 0) {
            return Optional.empty();
        }
        String header = new String(bytes, 0, newline, StandardCharsets.US_ASCII);
        if (!header.startsWith(JOURNAL_MAGIC)) {
            return Optional.empty();
        }
        String[] fields = header.substring(JOURNAL_MAGIC.length()).split(" ");
        byte[] body = Arrays.copyOfRange(bytes, newline + 1, bytes.length);
        try {
            // A record a crash cut short was never acted on: the framework is touched only after it is whole.
            if (fields.length != 2 || Integer.parseInt(fields[0]) != body.length
                    || Long.parseLong(fields[1], 16) != checksum(body)) {
                return Optional.empty();
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(StateFormat.readJournal(body));
    }

    /** Writes the intent record durably, with one fsync: the file exists and is overwritten in place. */
    void writeJournal(Journal journal) throws IOException {
        byte[] body = StateFormat.write(journal);
        byte[] header = (JOURNAL_MAGIC + body.length + " " + Long.toHexString(checksum(body)) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] record = Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, record, header.length, body.length);
        files.overwrite(root.resolve(JOURNAL), record);
    }

    /**
     * Ends the attempt's intent record. After a commit this need not be durable: a journal that names
     * a committed generation is finished again at start-up. After a failure it must be.
     */
    void clearJournal(boolean durable) throws IOException {
        files.empty(root.resolve(JOURNAL), durable);
        files.delete(root.resolve(LEGACY_JOURNAL));
    }

    private static long checksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return crc.getValue();
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Read at every boot, before the application starts: a properties file, so no JSON parser is woken for it. */
    BootRecord boots() throws IOException {
        Path file = root.resolve(BOOTS);
        if (!Files.exists(file)) {
            return BootRecord.fresh(currentNumber());
        }
        Properties properties = new Properties();
        try (var in = Files.newInputStream(file)) {
            properties.load(in);
        }
        try {
            List<Integer> abandoned = new ArrayList<>();
            for (String n : properties.getProperty("abandoned", "").split(",")) {
                if (!n.isBlank()) {
                    abandoned.add(Integer.parseInt(n.trim()));
                }
            }
            return new BootRecord(Integer.parseInt(properties.getProperty("generation", "0").trim()),
                    Integer.parseInt(properties.getProperty("unconfirmedStarts", "0").trim()), abandoned);
        } catch (NumberFormatException e) {
            throw new IOException("The state file " + file + " holds a value that is not a number: " + e.getMessage(), e);
        }
    }

    void writeBoots(BootRecord boots) throws IOException {
        String text = "generation=" + boots.generation() + "\nunconfirmedStarts=" + boots.unconfirmedStarts()
                + "\nabandoned=" + boots.abandoned().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","))
                + "\n";
        files.write(root.resolve(BOOTS), text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Every attempt; a last line a crash cut short is not an attempt and is skipped. */
    List<Attempt> history() throws IOException {
        Path file = root.resolve(HISTORY);
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Attempt> attempts = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                attempts.add(StateFormat.readAttempt(line));
            } catch (IOException e) {
                if (i < lines.size() - 1) {
                    throw new IOException("Line " + (i + 1) + " of " + file + " is not an attempt: " + e.getMessage(), e);
                }
            }
        }
        return attempts;
    }

    /** Appends one attempt: the history only grows, so a commit costs the same however long it is. */
    void record(Attempt attempt) throws IOException {
        Path file = root.resolve(HISTORY);
        boolean created = !Files.exists(file);
        byte[] line = (StateFormat.writeAttempt(attempt) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            // A line a crash cut short was never a recorded attempt: drop it before appending.
            long complete = completeLength(file, channel.size());
            if (complete < channel.size()) {
                channel.truncate(complete);
            }
            channel.write(ByteBuffer.wrap(line));
            files.force(channel, file);
        }
        if (created) {
            files.syncDirectory(root);
        }
    }

    /** The length up to and including the last newline. */
    private static long completeLength(Path file, long size) throws IOException {
        if (size == 0) {
            return 0;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            for (long position = size - 1; position >= 0; position--) {
                one.clear();
                channel.read(one, position);
                if (one.get(0) == '\n') {
                    return position + 1;
                }
            }
            return 0;
        }
    }

    private Path generationFile(int number) {
        return root.resolve("generations").resolve(number + ".json");
    }
}
