package gtach.provisioning.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import gtach.provisioning.update.HeldClassLoader;
import gtach.provisioning.update.LeakReport;

import java.io.IOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** What {@code gtach:leaks} prints, and the leak report's part of {@code gtach:status}. */
final class LeakText {

    private static final String NL = System.lineSeparator();

    private LeakText() {
    }

    /** The line {@code gtach:status} adds when only a restart frees what the updates left, else nothing. */
    static String statusLine(LeakReport report, boolean colour) {
        if (!report.restartRecommended()) {
            return "";
        }
        String summary = report.summary();
        return Style.YELLOW.apply(Character.toUpperCase(summary.charAt(0)) + summary.substring(1), colour) + NL;
    }

    /** The whole report, one finding per line. */
    static String text(LeakReport report, ZoneId zone, boolean colour) {
        StringBuilder out = new StringBuilder();
        out.append("Checked after a full garbage collection at ")
                .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(report.checked().truncatedTo(ChronoUnit.SECONDS).atZone(zone)))
                .append(", generation ").append(report.generation()).append(" running.").append(NL);
        if (report.held().isEmpty()) {
            out.append("Old class loaders held: none; every revision an update replaced has been let go.").append(NL);
        } else {
            out.append("Old class loaders held: ").append(report.held().size())
                    .append(" (each keeps every class of its revision in Metaspace until a restart)").append(NL);
            for (HeldClassLoader held : report.held()) {
                out.append("  ").append(held.bundle()).append(", replaced while generation ").append(held.replacedIn())
                        .append(" ran: ").append(held.heldBy().isEmpty()
                                ? "no bundle used it when it was replaced; a thread or an object outside the bundles keeps it"
                                : "used by " + String.join(", ", held.heldBy()) + " when it was replaced, which may keep it")
                        .append(NL);
            }
        }
        out.append("Bundles pending removal: ")
                .append(report.removalPending().isEmpty() ? "none" : String.join(", ", report.removalPending())).append(NL);
        out.append("Metaspace in use: ").append(report.metaspaceUsedBytes() < 0 ? "unknown"
                : String.format("%.1f MB", report.metaspaceUsedBytes() / 1048576.0))
                .append(", ").append(report.classesLoaded()).append(" classes loaded").append(NL);
        if (report.restartRecommended()) {
            out.append(Style.YELLOW.apply("Restart recommended", colour))
                    .append(": only a restart of the runtime frees them.").append(NL);
        }
        return out.toString();
    }

    /** {@code {"checked": …, "generation": 3, "restartRecommended": true, "summary": …, "held": […], …}}. */
    static void json(JsonGenerator json, LeakReport report) throws IOException {
        json.writeStartObject();
        JsonText.time(json, "checked", report.checked());
        json.writeNumberField("generation", report.generation());
        json.writeBooleanField("restartRecommended", report.restartRecommended());
        json.writeStringField("summary", report.summary());
        json.writeArrayFieldStart("held");
        for (HeldClassLoader held : report.held()) {
            json.writeStartObject();
            json.writeStringField("bundle", held.bundle());
            json.writeNumberField("replacedIn", held.replacedIn());
            json.writeArrayFieldStart("heldBy");
            for (String user : held.heldBy()) {
                json.writeString(user);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("removalPending");
        for (String bundle : report.removalPending()) {
            json.writeString(bundle);
        }
        json.writeEndArray();
        if (report.metaspaceUsedBytes() < 0) {
            json.writeNullField("metaspaceUsedBytes");
        } else {
            json.writeNumberField("metaspaceUsedBytes", report.metaspaceUsedBytes());
        }
        json.writeNumberField("classesLoaded", report.classesLoaded());
        json.writeEndObject();
    }
}
