package gtach.provisioning.update.internal;

import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.Generation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The update service's state directory ({@code <home>/state}):
 * <pre>
 * generations/&lt;N&gt;.json   each committed bundle set
 * current                 the number of the running generation; moving it is the commit
 * journal.json            the attempt in progress, if any
 * history.jsonl           every attempt, oldest first, one JSON object per line
 * boots.properties        boots of the current generation not yet seen to succeed
 * tx/                     staged JARs and the snapshot of data areas and configurations
 * </pre>
 */
final class StateStore {

    private static final String HISTORY = "history.jsonl";
    private static final String BOOTS = "boots.properties";

    private final Path root;

    StateStore(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root.resolve("generations"));
    }

    Path root() {
        return root;
    }

    /** Where one attempt keeps its staged JARs and snapshots; emptied when it ends. */
    Path transactionDirectory() {
        return root.resolve("tx");
    }

    int currentNumber() throws IOException {
        Path current = root.resolve("current");
        if (!Files.exists(current)) {
            return 0;
        }
        String text = Files.readString(current, StandardCharsets.US_ASCII).trim();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IOException("The state file " + current + " holds \"" + text + "\", not a generation number");
        }
    }

    Generation current() throws IOException {
        int number = currentNumber();
        return number == 0 ? new Generation(0, Instant.EPOCH, "nothing installed yet", List.of()) : generation(number)
                .orElseThrow(() -> new IOException("The current generation " + number + " has no file "
                        + generationFile(number)));
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
        int current = currentNumber();
        for (int n = 1; n <= current; n++) {
            generation(n).ifPresent(all::add);
        }
        return all;
    }

    void writeGeneration(Generation generation) throws IOException {
        DurableFiles.write(generationFile(generation.number()), StateFormat.write(generation));
    }

    /** The commit point: after this returns, the generation is the one a restart keeps. */
    void makeCurrent(int number) throws IOException {
        DurableFiles.write(root.resolve("current"), (number + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    Optional<Journal> journal() throws IOException {
        Path file = root.resolve("journal.json");
        return Files.exists(file) ? Optional.of(StateFormat.readJournal(Files.readAllBytes(file))) : Optional.empty();
    }

    void writeJournal(Journal journal) throws IOException {
        DurableFiles.write(root.resolve("journal.json"), StateFormat.write(journal));
    }

    void clearJournal() throws IOException {
        DurableFiles.delete(root.resolve("journal.json"));
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
        DurableFiles.write(root.resolve(BOOTS), text.getBytes(StandardCharsets.ISO_8859_1));
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
            channel.force(true);
        }
        if (created) {
            DurableFiles.syncDirectory(root);
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
