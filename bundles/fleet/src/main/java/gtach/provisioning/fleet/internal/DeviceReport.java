package gtach.provisioning.fleet.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import gtach.provisioning.fleet.FailedRelease;
import gtach.provisioning.fleet.FollowStatus;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.ManagedBundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A device's report: what it runs and how following goes, as JSON, sent with an HTTP {@code PUT}
 * to {@code <report URL>/<device id>.json}, so that any WebDAV server (nginx's DAV module, say)
 * keeps one file per device and a fleet owner lists a directory instead of running a server.
 */
final class DeviceReport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DeviceReport() {
    }

    static byte[] json(Instant time, Generation generation, FollowStatus status) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("deviceId", status.deviceId());
            json.writeStringField("time", time.toString());
            json.writeObjectFieldStart("generation");
            json.writeNumberField("number", generation.number());
            json.writeStringField("time", generation.time().toString());
            json.writeStringField("cause", generation.cause());
            json.writeArrayFieldStart("bundles");
            for (ManagedBundle bundle : generation.bundles()) {
                json.writeStartObject();
                json.writeStringField("symbolicName", bundle.symbolicName());
                json.writeStringField("version", bundle.version());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeObjectFieldStart("following");
            text(json, "remote", status.remote());
            text(json, "channel", status.channel());
            text(json, "channelNames", status.channelNames());
            text(json, "lastPoll", status.lastPoll().map(Instant::toString));
            text(json, "lastOutcome", status.lastOutcome());
            text(json, "paused", status.paused());
            json.writeArrayFieldStart("failed");
            for (FailedRelease failed : status.failed()) {
                json.writeStartObject();
                json.writeStringField("symbolicName", failed.symbolicName());
                json.writeStringField("version", failed.version());
                json.writeStringField("reason", failed.reason());
                json.writeStringField("when", failed.when().toString());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void text(JsonGenerator json, String field, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            json.writeStringField(field, value.get());
        } else {
            json.writeNullField(field);
        }
    }

    /** Where a device's report goes: a file named after the device under the report URL. */
    static URI target(String reportUrl, String deviceId) {
        String base = reportUrl.endsWith("/") ? reportUrl : reportUrl + "/";
        return URI.create(base).resolve(deviceId + ".json");
    }

    /**
     * Sends a report.
     *
     * @throws IOException with a sentence naming the URL when the server does not take it
     */
    static void put(URI target, byte[] body, Duration timeout) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection();
        try {
            connection.setRequestMethod("PUT");
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setInstanceFollowRedirects(false);
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            if (status / 100 != 2) {
                throw new IOException("the server answered HTTP " + status + " to the report sent to " + target);
            }
        } finally {
            connection.disconnect();
        }
    }
}
