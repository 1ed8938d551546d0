package gtach.provisioning.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import gtach.provisioning.fleet.FailedRelease;
import gtach.provisioning.fleet.FollowStatus;

import java.io.IOException;

/** What {@code gtach:follow} and {@code gtach:status} say of following, in lines and in JSON. */
final class FollowText {

    private static final String NL = System.lineSeparator();

    private FollowText() {
    }

    static String text(FollowStatus status, boolean colour) {
        StringBuilder out = new StringBuilder();
        if (!status.following()) {
            out.append("Following: nothing (device ").append(status.deviceId()).append("); gtach:follow <remote> <channel> follows a channel.")
                    .append(NL);
            status.lastOutcome().ifPresent(line -> out.append("  ").append(line).append(NL));
            return out.toString();
        }
        out.append("Following: channel ").append(status.channel().orElseThrow()).append(" of remote ").append(status.remote().orElseThrow())
                .append(" (device ").append(status.deviceId()).append(")").append(NL);
        status.paused().ifPresent(why -> out.append(Style.YELLOW.apply("  Paused: ", colour)).append(why).append('.').append(NL));
        status.running().ifPresent(running -> out.append("  Runs: ").append(running).append(NL));
        status.channelNames().ifPresent(names -> out.append("  The channel names: ").append(names).append(NL));
        status.lastPoll().ifPresent(time -> out.append("  Last poll: ").append(time).append(": ")
                .append(status.lastOutcome().orElse("")).append(NL));
        if (status.lastPoll().isEmpty()) {
            status.lastOutcome().ifPresent(line -> out.append("  ").append(line).append(NL));
        }
        status.nextPoll().ifPresent(time -> out.append("  Next poll: ").append(time).append(NL));
        if (!status.maintenanceWindow().equals("any time")) {
            out.append("  Maintenance window: ").append(status.maintenanceWindow()).append(" (local time)").append(NL);
        }
        for (FailedRelease failed : status.failed()) {
            out.append(Style.RED.apply("  Failed here: ", colour)).append(failed.symbolicName()).append(' ').append(failed.version())
                    .append(" at ").append(failed.when()).append(": ").append(failed.reason()).append(NL);
        }
        return out.toString();
    }

    /** The {@code following} field of {@code gtach:status --json}, and the object {@code gtach:follow --json} prints. */
    static void json(JsonGenerator json, FollowStatus status) throws IOException {
        json.writeStartObject();
        json.writeStringField("deviceId", status.deviceId());
        JsonText.text(json, "remote", status.remote());
        JsonText.text(json, "channel", status.channel());
        JsonText.text(json, "running", status.running());
        JsonText.text(json, "channelNames", status.channelNames());
        if (status.lastPoll().isPresent()) {
            JsonText.time(json, "lastPoll", status.lastPoll().get());
        } else {
            json.writeNullField("lastPoll");
        }
        JsonText.text(json, "lastOutcome", status.lastOutcome());
        JsonText.text(json, "paused", status.paused());
        json.writeStringField("maintenanceWindow", status.maintenanceWindow());
        if (status.nextPoll().isPresent()) {
            JsonText.time(json, "nextPoll", status.nextPoll().get());
        } else {
            json.writeNullField("nextPoll");
        }
        json.writeArrayFieldStart("failed");
        for (FailedRelease failed : status.failed()) {
            json.writeStartObject();
            json.writeStringField("symbolicName", failed.symbolicName());
            json.writeStringField("version", failed.version());
            json.writeStringField("reason", failed.reason());
            JsonText.time(json, "when", failed.when());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
