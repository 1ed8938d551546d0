package gtach.provisioning.update.internal;

import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.Generation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The update service's state directory ({@code <home>/state}):
 * <pre>
 * generations/&lt;N&gt;.json   each committed bundle set
 * current                 the number of the running generation; moving it is the commit
 * journal.json            the attempt in progress, if any
 * history.json            every attempt, oldest first
 * boots.json              boots of the current generation not yet seen to succeed
 * tx/                     staged JARs and the snapshot of data areas and configurations
 * </pre>
 */
final class StateStore {

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

    BootRecord boots() throws IOException {
        Path file = root.resolve("boots.json");
        return Files.exists(file) ? StateFormat.readBoots(Files.readAllBytes(file)) : BootRecord.fresh(currentNumber());
    }

    void writeBoots(BootRecord boots) throws IOException {
        DurableFiles.write(root.resolve("boots.json"), StateFormat.write(boots));
    }

    List<Attempt> history() throws IOException {
        Path file = root.resolve("history.json");
        return Files.exists(file) ? StateFormat.readHistory(Files.readAllBytes(file)) : List.of();
    }

    void record(Attempt attempt) throws IOException {
        List<Attempt> all = new ArrayList<>(history());
        all.add(attempt);
        DurableFiles.write(root.resolve("history.json"), StateFormat.writeHistory(all));
    }

    private Path generationFile(int number) {
        return root.resolve("generations").resolve(number + ".json");
    }
}
