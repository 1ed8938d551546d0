package gtach.provisioning.shell.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code --json} output: indented JSON, one element per line in arrays, never coloured. Keys
 * are lowerCamelCase and always present (null when there is no value), versions are strings, times
 * ISO-8601 in UTC. Jackson's streaming generator is embedded in this bundle, so no Jackson bundle
 * is needed in the runtime.
 */
final class JsonText {

    /** What writes one document. */
    interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonText() {
    }

    static String of(Body body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.setPrettyPrinter(new DefaultPrettyPrinter()
                    .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE)
                    .withSeparators(Separators.createDefaultInstance()
                            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                            .withArrayEmptySeparator("")
                            .withObjectEmptySeparator("")));
            body.write(json);
        } catch (IOException e) {
            // A StringWriter does not fail; a bug in a Body would
            throw new UncheckedIOException(e);
        }
        return out + System.lineSeparator();
    }

    /** A text field, null when the text is empty. */
    static void text(JsonGenerator json, String field, String text) throws IOException {
        json.writeStringField(field, text == null || text.isEmpty() ? null : text);
    }

    static void text(JsonGenerator json, String field, Optional<String> text) throws IOException {
        text(json, field, text.orElse(null));
    }

    static void time(JsonGenerator json, String field, Instant time) throws IOException {
        json.writeStringField(field, time == null ? null : time.toString());
    }
}
