package gtach.provisioning.update.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.ManagedBundle;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON of the state directory; the only place Jackson is used in this bundle.
 * <p>
 * Reading is strict, as for the repository's {@code package.json}: a duplicate key, an unknown
 * field, a missing field, a coerced scalar, trailing content or bad UTF-8 is damage, never a guess.
 * A journal with {@code "from"} twice once put back the wrong generation.
 */
final class StateFormat {

    static final int FORMAT = 1;
    /** A generation file holds one line per bundle: thousands of bundles fit in well under this. */
    static final int MAX_GENERATION_BYTES = 8 << 20;
    /** The journal also holds every Config Admin configuration, so it may be larger than a generation. */
    static final int MAX_JOURNAL_BYTES = 16 << 20;
    /** One history line: a request, its changes and a reason. */
    static final int MAX_HISTORY_LINE_BYTES = 1 << 20;

    /** A state file's content that is not what it should be; the message is the problem, e.g. "truncated JSON at line 3". */
    static final class Malformed extends IOException {
        private static final long serialVersionUID = 1L;

        Malformed(String problem) {
            super(problem);
        }

        Malformed(String problem, Throwable cause) {
            super(problem, cause);
        }
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxDocumentLength(MAX_JOURNAL_BYTES)
                            .maxStringLength(MAX_JOURNAL_BYTES)
                            .maxNestingDepth(32)
                            .maxNumberLength(64)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private static final ObjectMapper PRETTY = MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

    private StateFormat() {
    }

    /** On-disk form of a generation. */
    record GenerationJson(Integer format, Integer number, String time, String cause, List<ManagedBundleJson> bundles) {
    }

    record ManagedBundleJson(String symbolicName, String version, String sha256, String location, Integer startLevel,
            Boolean started, Boolean requested) {
    }

    /** On-disk form of one history entry. */
    record AttemptJson(Integer generation, String time, String request, List<String> changes, String outcome,
            String reason) {
    }

    /** On-disk form of the journal: an attempt that began applying and has not ended. */
    record JournalJson(Integer format, Integer from, Integer to, String request, List<String> changes,
            List<String> touched, List<String> emptyAreas, List<String> savedAreas,
            List<Map<String, Object>> configurations) {
    }

    static byte[] write(Generation g) throws IOException {
        List<ManagedBundleJson> bundles = new ArrayList<>();
        for (ManagedBundle b : g.bundles()) {
            bundles.add(new ManagedBundleJson(b.symbolicName(), b.version(), b.sha256(), b.location(), b.startLevel(),
                    b.started(), b.requested()));
        }
        return bounded(PRETTY.writeValueAsBytes(new GenerationJson(FORMAT, g.number(), g.time().toString(), g.cause(),
                bundles)), MAX_GENERATION_BYTES, "generation " + g.number());
    }

    static Generation readGeneration(byte[] json) throws Malformed {
        GenerationJson g = read(json, MAX_GENERATION_BYTES, GenerationJson.class);
        try {
            format(g.format());
            List<ManagedBundle> bundles = new ArrayList<>();
            for (ManagedBundleJson b : required(g.bundles(), "bundles")) {
                bundles.add(new ManagedBundle(required(b.symbolicName(), "symbolicName"), required(b.version(), "version"),
                        required(b.sha256(), "sha256"), required(b.location(), "location"),
                        required(b.startLevel(), "startLevel"), required(b.started(), "started"),
                        required(b.requested(), "requested")));
            }
            return new Generation(required(g.number(), "number"), instant(g.time()), required(g.cause(), "cause"),
                    bundles);
        } catch (IllegalArgumentException e) {
            throw new Malformed(e.getMessage(), e);
        } catch (NullPointerException e) {
            throw new Malformed("it holds null where a value belongs", e);
        }
    }

    /** One attempt on one line (the history file has one per line). */
    static String writeAttempt(Attempt a) throws IOException {
        String line = MAPPER.writeValueAsString(new AttemptJson(a.generation(), a.time().toString(), a.request(),
                a.changes(), a.outcome().name(), a.reason()));
        bounded(line.getBytes(java.nio.charset.StandardCharsets.UTF_8), MAX_HISTORY_LINE_BYTES, "the history line");
        return line;
    }

    static Attempt readAttempt(byte[] line) throws Malformed {
        AttemptJson a = read(line, MAX_HISTORY_LINE_BYTES, AttemptJson.class);
        try {
            Attempt.Outcome outcome;
            try {
                outcome = Attempt.Outcome.valueOf(required(a.outcome(), "outcome"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the outcome \"" + a.outcome() + "\" is not one this release knows");
            }
            return new Attempt(required(a.generation(), "generation"), instant(a.time()), required(a.request(), "request"),
                    orEmpty(a.changes()), outcome, a.reason() == null ? "" : a.reason());
        } catch (IllegalArgumentException e) {
            throw new Malformed(e.getMessage(), e);
        } catch (NullPointerException e) {
            throw new Malformed("it holds null where a value belongs", e);
        }
    }

    static byte[] write(Journal journal) throws IOException {
        return bounded(MAPPER.writeValueAsBytes(new JournalJson(FORMAT, journal.from(), journal.to(), journal.request(),
                journal.changes(), journal.touched(), journal.emptyAreas(), journal.savedAreas(),
                journal.configurations().orElse(null))), MAX_JOURNAL_BYTES, "the journal");
    }

    static Journal readJournal(byte[] json) throws Malformed {
        JournalJson j = read(json, MAX_JOURNAL_BYTES, JournalJson.class);
        try {
            format(j.format());
            return new Journal(required(j.from(), "from"), required(j.to(), "to"), required(j.request(), "request"),
                    orEmpty(j.changes()), orEmpty(j.touched()), orEmpty(j.emptyAreas()), orEmpty(j.savedAreas()),
                    Optional.ofNullable(j.configurations()));
        } catch (IllegalArgumentException e) {
            throw new Malformed(e.getMessage(), e);
        } catch (NullPointerException e) {
            throw new Malformed("it holds null where a value belongs", e);
        }
    }

    private static <T> T read(byte[] json, int maxBytes, Class<T> type) throws Malformed {
        if (json.length > maxBytes) {
            throw new Malformed("it is " + json.length + " bytes, more than the limit of " + maxBytes);
        }
        Utf8.check(json);
        T value;
        try {
            value = MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new Malformed(describe(e), e);
        } catch (IOException e) {
            throw new Malformed(String.valueOf(e.getMessage()), e);
        }
        if (value == null) {
            throw new Malformed("it holds no JSON object");
        }
        return value;
    }

    /** What a Jackson failure means, in words an operator can act on, without Jackson's source excerpt. */
    static String describe(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String where = location == null || location.getLineNr() < 0 ? "" : " at line " + location.getLineNr();
        if (e instanceof JsonEOFException || String.valueOf(e.getOriginalMessage()).startsWith("Unexpected end-of-input")) {
            return "truncated JSON" + where;
        }
        if (e instanceof UnrecognizedPropertyException u) {
            // Jackson places it where the object ends, which would only mislead.
            return "unknown field \"" + u.getPropertyName() + "\"";
        }
        if (e instanceof StreamConstraintsException) {
            return "over a size limit" + where + ": " + firstLine(e.getOriginalMessage());
        }
        String message = firstLine(e.getOriginalMessage());
        if (message.startsWith("Duplicate field")) {
            return "duplicate " + message.substring("Duplicate ".length()) + where;
        }
        if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            return "the field \"" + m.getPath().get(m.getPath().size() - 1).getFieldName() + "\" has the wrong type"
                    + where;
        }
        return "not JSON" + (location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr());
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static byte[] bounded(byte[] content, int maxBytes, String what) throws IOException {
        if (content.length > maxBytes) {
            // Refused before it is written: a file this release could not read back is worse than none.
            throw new IOException(what + " would be " + content.length + " bytes, more than the limit of " + maxBytes
                    + " this release reads");
        }
        return content;
    }

    private static void format(Integer format) {
        if (required(format, "format") != FORMAT) {
            throw new IllegalArgumentException("it has format " + format + ", this release reads format " + FORMAT);
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(required(text, "time"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("its time \"" + text + "\" is not an ISO-8601 instant");
        }
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("the field \"" + field + "\" is missing");
        }
        return value;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
