package gtach.provisioning.update.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.ManagedBundle;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The JSON of the state directory; the only place Jackson is used in this bundle. */
final class StateFormat {

    static final int FORMAT = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final ObjectMapper LINE_MAPPER = new ObjectMapper();

    private StateFormat() {
    }

    /** On-disk form of a generation. */
    record GenerationJson(int format, int number, String time, String cause, List<ManagedBundleJson> bundles) {
    }

    record ManagedBundleJson(String symbolicName, String version, String sha256, String location, int startLevel,
            boolean started, boolean requested) {
    }

    /** On-disk form of one history entry. */
    record AttemptJson(int generation, String time, String request, List<String> changes, String outcome,
            String reason) {
    }

    /** On-disk form of the journal: an attempt that began applying and has not ended. */
    record JournalJson(int format, int from, int to, String request, List<String> changes, List<String> touched,
            List<String> emptyAreas, List<String> savedAreas, List<Map<String, Object>> configurations) {
    }

    static byte[] write(Generation g) throws IOException {
        List<ManagedBundleJson> bundles = new ArrayList<>();
        for (ManagedBundle b : g.bundles()) {
            bundles.add(new ManagedBundleJson(b.symbolicName(), b.version(), b.sha256(), b.location(), b.startLevel(),
                    b.started(), b.requested()));
        }
        return MAPPER.writeValueAsBytes(new GenerationJson(FORMAT, g.number(), g.time().toString(), g.cause(), bundles));
    }

    static Generation readGeneration(byte[] json) throws IOException {
        GenerationJson g = MAPPER.readValue(json, GenerationJson.class);
        List<ManagedBundle> bundles = new ArrayList<>();
        for (ManagedBundleJson b : g.bundles() == null ? List.<ManagedBundleJson>of() : g.bundles()) {
            bundles.add(new ManagedBundle(b.symbolicName(), b.version(), b.sha256(), b.location(), b.startLevel(),
                    b.started(), b.requested()));
        }
        return new Generation(g.number(), Instant.parse(g.time()), g.cause(), bundles);
    }

    /** One attempt on one line (the history file has one per line). */
    static String writeAttempt(Attempt a) throws IOException {
        return LINE_MAPPER.writeValueAsString(new AttemptJson(a.generation(), a.time().toString(), a.request(),
                a.changes(), a.outcome().name(), a.reason()));
    }

    static Attempt readAttempt(String line) throws IOException {
        AttemptJson a = MAPPER.readValue(line, AttemptJson.class);
        try {
            return new Attempt(a.generation(), Instant.parse(a.time()), a.request(),
                    a.changes() == null ? List.of() : a.changes(), Attempt.Outcome.valueOf(a.outcome()),
                    a.reason() == null ? "" : a.reason());
        } catch (RuntimeException e) {
            throw new IOException("not an attempt: " + e.getMessage(), e);
        }
    }

    static byte[] write(Journal journal) throws IOException {
        return LINE_MAPPER.writeValueAsBytes(new JournalJson(FORMAT, journal.from(), journal.to(), journal.request(),
                journal.changes(), journal.touched(), journal.emptyAreas(), journal.savedAreas(),
                journal.configurations().orElse(null)));
    }

    static Journal readJournal(byte[] json) throws IOException {
        JournalJson j = MAPPER.readValue(json, JournalJson.class);
        return new Journal(j.from(), j.to(), j.request(), orEmpty(j.changes()), orEmpty(j.touched()),
                orEmpty(j.emptyAreas()), orEmpty(j.savedAreas()), java.util.Optional.ofNullable(j.configurations()));
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

}
