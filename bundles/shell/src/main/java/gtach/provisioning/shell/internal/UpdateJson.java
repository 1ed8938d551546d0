package gtach.provisioning.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.Change;
import gtach.provisioning.update.Plan;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code history --json}: an array of attempts; {@code plan --json}: one plan object. */
final class UpdateJson {

    private UpdateJson() {
    }

    static String history(List<Attempt> attempts) {
        return JsonText.of(json -> {
            json.writeStartArray();
            for (Attempt attempt : attempts) {
                json.writeStartObject();
                json.writeNumberField("generation", attempt.generation());
                JsonText.time(json, "time", attempt.time());
                json.writeStringField("request", attempt.request());
                json.writeArrayFieldStart("changes");
                for (String change : attempt.changes()) {
                    json.writeString(change);
                }
                json.writeEndArray();
                json.writeStringField("outcome", outcome(attempt.outcome()));
                JsonText.text(json, "reason", attempt.reason().isBlank() ? "" : attempt.reason());
                json.writeEndObject();
            }
            json.writeEndArray();
        });
    }

    /** Changes are empty when the request is already satisfied. */
    static String plan(Plan plan) {
        return JsonText.of(json -> {
            json.writeStartObject();
            json.writeStringField("request", plan.request().toString());
            json.writeArrayFieldStart("changes");
            for (Change change : plan.changes()) {
                json.writeStartObject();
                json.writeStringField("action", change.kind().name().toLowerCase(Locale.ROOT));
                json.writeStringField("symbolicName", change.symbolicName());
                JsonText.text(json, "from", change.from().map(v -> Change.display(Optional.of(v))));
                JsonText.text(json, "to", change.to().map(v -> Change.display(Optional.of(v))));
                start(json, "fromStart", change.fromStart());
                start(json, "toStart", change.toStart());
                json.writeStringField("reason", change.reason());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("refresh");
            for (int i = 0; i < plan.refresh().size(); i++) {
                // The service names each as "symbolic-name version", and its reason as that, ": " and the chain
                String bundle = plan.refresh().get(i);
                String[] nameAndVersion = bundle.split(" ", 2);
                json.writeStartObject();
                json.writeStringField("symbolicName", nameAndVersion[0]);
                JsonText.text(json, "version", nameAndVersion.length < 2 ? Optional.empty()
                        : Optional.of(Change.display(Optional.of(nameAndVersion[1]))));
                JsonText.text(json, "reason", plan.refreshReasons().isEmpty() ? Optional.empty()
                        : Optional.of(withoutPrefix(plan.refreshReasons().get(i), bundle + ": ")));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("downloads");
            for (String download : plan.downloads()) {
                json.writeString(download);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("warnings");
            for (String warning : plan.warnings()) {
                json.writeString(warning);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private static String withoutPrefix(String text, String prefix) {
        return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }

    /** {@code {"level": 3, "started": false}}, or null where the change leaves them as they are. */
    private static void start(JsonGenerator json, String field, Optional<Change.Start> start) throws IOException {
        if (start.isEmpty()) {
            json.writeNullField(field);
            return;
        }
        json.writeObjectFieldStart(field);
        json.writeNumberField("level", start.get().level());
        json.writeBooleanField("started", start.get().started());
        json.writeEndObject();
    }

    private static String outcome(Attempt.Outcome outcome) {
        return switch (outcome) {
            case COMMITTED -> "committed";
            case ROLLED_BACK -> "rolledBack";
            case RECOVERED -> "recovered";
            case REFUSED -> "refused";
            case RESTORE_FAILED -> "restoreFailed";
            case REPAIRED -> "repaired";
        };
    }
}
