package gtach.provisioning.fleet.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import gtach.provisioning.fleet.FailedRelease;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code <home>/state/fleet.json}: the follow state, written whole to a new file, forced and
 * renamed over the old one, so that a crash leaves either. Read strictly: a file that is not what
 * this class writes is named in one sentence, and following starts from nothing rather than guess.
 */
final class FollowStateFile {

    static final String FILE = "fleet.json";
    private static final long MAX_BYTES = 1 << 20;

    /** Made on first use: a runtime that follows nothing yet boots without loading Jackson's databind. */
    private static final class Json {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    /** The file's form: plain strings and numbers, so that no date module is needed. */
    private record Failure(String symbolicName, String version, String reason, String when) {
    }

    private record Stored(int format, String remote, String channel, String paused, int knownGeneration, String inFlight,
            String applied, List<Failure> failed, String lastPoll, String lastOutcome, String channelNames, String interrupted,
            Integer interruptions) {
    }

    private final Path file;

    FollowStateFile(Path state) {
        this.file = state.resolve(FILE);
    }

    Path path() {
        return file;
    }

    /**
     * The kept state; {@link FollowState#NOTHING} when there is none.
     *
     * @throws IOException with a sentence naming the file when it cannot be read or is not a follow state
     */
    FollowState read() throws IOException {
        if (!Files.exists(file)) {
            return FollowState.NOTHING;
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException("The follow state " + file + " is larger than 1 MiB, which this runtime never writes.");
        }
        Stored stored;
        try {
            stored = Json.MAPPER.readValue(Files.readAllBytes(file), Stored.class);
        } catch (JsonProcessingException e) {
            throw new IOException("The follow state " + file + " is not one this runtime wrote (" + e.getOriginalMessage() + ").", e);
        }
        if (stored == null || stored.format() != 1 || (stored.remote() == null) != (stored.channel() == null)) {
            throw new IOException("The follow state " + file + " is not one this runtime wrote.");
        }
        try {
            List<FailedRelease> failed = stored.failed() == null ? List.of() : stored.failed().stream()
                    .map(f -> new FailedRelease(f.symbolicName(), f.version(), f.reason(), Instant.parse(f.when()))).toList();
            return new FollowState(stored.remote(), stored.channel(), stored.paused(), stored.knownGeneration(),
                    stored.inFlight(), stored.applied(), failed, stored.lastPoll() == null ? null : Instant.parse(stored.lastPoll()),
                    stored.lastOutcome(), stored.channelNames(), stored.interrupted(),
                    // absent from the files of the runtime before it counted interruptions
                    stored.interruptions() == null ? 0 : Math.max(0, stored.interruptions()));
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IOException("The follow state " + file + " is not one this runtime wrote (" + e.getMessage() + ").", e);
        }
    }

    void write(FollowState state) throws IOException {
        Stored stored = new Stored(1, state.remote(), state.channel(), state.paused(), state.knownGeneration(), state.inFlight(),
                state.applied(), state.failed().stream().map(f -> new Failure(f.symbolicName(), f.version(), f.reason(), f.when().toString())).toList(),
                state.lastPoll() == null ? null : state.lastPoll().toString(), state.lastOutcome(), state.channelNames(),
                state.interrupted(), state.interruptions());
        byte[] bytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(stored);
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(FILE + ".new");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
