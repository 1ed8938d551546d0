package gtach.provisioning.shell.internal;

import gtach.provisioning.fleet.FollowStatus;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.LeakReport;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@code gtach:status} shows: the running generation, where the log is, how the runtime's own
 * bundles are, and one row per application bundle (or per bundle, when all are asked for).
 */
final class StatusReport {

    private static final String NL = System.lineSeparator();
    static final String NO_LOG = "not written (the gtach.provisioning.log bundle is not running)";

    /**
     * One installed bundle.
     *
     * @param symbolicName null for a bundle without one
     * @param state as {@link BundleStates} names it
     * @param startLevel empty when the framework does not say
     * @param runtime whether it is one of the runtime's own bundles (the framework, its services,
     *        the provisioning layer) rather than part of the application
     * @param started whether it is marked to start: false for a bundle installed or kept not started
     *        (or stopped with the framework's own shell, which the drift lines then name)
     */
    record BundleRow(long id, String symbolicName, String version, String state, OptionalInt startLevel, boolean runtime,
            boolean started) {

        /** A bundle marked to start. */
        BundleRow(long id, String symbolicName, String version, String state, OptionalInt startLevel, boolean runtime) {
            this(id, symbolicName, version, state, startLevel, runtime, true);
        }

        boolean healthy() {
            return state.equals("ACTIVE") || state.equals("FRAGMENT");
        }

        /**
         * The state as the table shows it: a resolved bundle that is not marked to start is NOT STARTED, as
         * meant, rather than RESOLVED, which says it should run and does not.
         */
        String shownState() {
            return state.equals("RESOLVED") && !started ? NOT_STARTED : state;
        }
    }

    static final String NOT_STARTED = "NOT STARTED";

    private final Optional<Generation> generation;
    private final List<String> drift;
    private final Optional<String> logFile;
    private final List<BundleRow> bundles;
    private final List<String> remotes;
    private Optional<FollowStatus> following = Optional.empty();
    private Optional<LeakReport> leaks = Optional.empty();

    /**
     * @param generation empty while the update service is not running
     * @param drift how the framework differs from that generation, one sentence each
     * @param logFile empty while no log bundle says where it writes
     */
    StatusReport(Optional<Generation> generation, List<String> drift, Optional<String> logFile, List<BundleRow> bundles) {
        this(generation, drift, logFile, bundles, List.of());
    }

    /** @param remotes the remotes with a problem (expired release, added insecure), one sentence each */
    StatusReport(Optional<Generation> generation, List<String> drift, Optional<String> logFile, List<BundleRow> bundles,
            List<String> remotes) {
        this.generation = generation;
        this.drift = List.copyOf(drift);
        this.logFile = logFile;
        this.bundles = List.copyOf(bundles);
        this.remotes = List.copyOf(remotes);
    }

    /** This report, with what the device follows (when the fleet service runs). */
    StatusReport following(Optional<FollowStatus> status) {
        following = status;
        return this;
    }

    /** This report, with the last check of what hot updates left behind (when one has run). */
    StatusReport leaks(Optional<LeakReport> report) {
        leaks = report;
        return this;
    }

    /** @param all every bundle in the table, not only the application's */
    String text(boolean colour, boolean all) {
        StringBuilder out = new StringBuilder();
        out.append(generation.map(UpdateReports::running)
                .orElse("Generation unknown: the update service is not running." + NL));
        if (!drift.isEmpty()) {
            int number = generation.map(Generation::number).orElse(0);
            out.append(Style.RED.apply("The framework does not run generation " + number + " as recorded:", colour)).append(NL);
            drift.forEach(line -> out.append("  - ").append(line).append(NL));
            out.append("Requests are refused until gtach:repair puts generation ").append(number)
                    .append(" back, or gtach:adopt records what runs as a new generation.").append(NL);
        }
        out.append("Log: ").append(logFile.orElse(Style.YELLOW.apply(NO_LOG, colour))).append(NL);
        out.append(runtimeLine(colour, all)).append(NL);
        remotes.forEach(line -> out.append(Style.YELLOW.apply("Remote problem: ", colour)).append(line).append(NL));
        following.filter(FollowStatus::following).ifPresent(status -> out.append(FollowText.text(status, colour)));
        leaks.ifPresent(report -> out.append(LeakText.statusLine(report, colour)));
        List<BundleRow> shown = bundles.stream().filter(b -> all || !b.runtime()).toList();
        if (shown.isEmpty()) {
            return out.append("No application bundles yet: gtach:install adds one.").append(NL).toString();
        }
        Table table = new Table("ID", "NAME", "VERSION", "STATE", "LEVEL");
        for (BundleRow bundle : shown) {
            table.row(bundle.id(), bundle.symbolicName() == null ? "-" : bundle.symbolicName(), bundle.version(),
                    state(bundle.shownState()), bundle.startLevel().isPresent() ? bundle.startLevel().getAsInt() : "-");
        }
        return out.append(table.render(colour)).toString();
    }

    String json() {
        return JsonText.of(json -> {
            json.writeStartObject();
            if (generation.isPresent()) {
                json.writeObjectFieldStart("generation");
                json.writeNumberField("number", generation.get().number());
                JsonText.time(json, "time", generation.get().time());
                JsonText.text(json, "cause", generation.get().cause());
                json.writeEndObject();
            } else {
                json.writeNullField("generation");
            }
            json.writeArrayFieldStart("drift");
            for (String line : drift) {
                json.writeString(line);
            }
            json.writeEndArray();
            JsonText.text(json, "logFile", logFile);
            json.writeArrayFieldStart("remotes");
            for (String line : remotes) {
                json.writeString(line);
            }
            json.writeEndArray();
            if (following.isPresent()) {
                json.writeFieldName("following");
                FollowText.json(json, following.get());
            }
            json.writeFieldName("leaks");
            if (leaks.isPresent()) {
                LeakText.json(json, leaks.get());
            } else {
                json.writeNull();
            }
            json.writeArrayFieldStart("bundles");
            for (BundleRow bundle : bundles) {
                json.writeStartObject();
                json.writeNumberField("id", bundle.id());
                JsonText.text(json, "symbolicName", bundle.symbolicName());
                json.writeBooleanField("runtime", bundle.runtime());
                json.writeStringField("version", bundle.version());
                json.writeStringField("state", bundle.state());
                json.writeBooleanField("started", bundle.started());
                if (bundle.startLevel().isPresent()) {
                    json.writeNumberField("startLevel", bundle.startLevel().getAsInt());
                } else {
                    json.writeNullField("startLevel");
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /** One line for the runtime's own bundles, which an operator only needs to look at when one is not running. */
    private String runtimeLine(boolean colour, boolean all) {
        List<BundleRow> runtime = bundles.stream().filter(BundleRow::runtime).toList();
        List<String> unwell = runtime.stream().filter(b -> !b.healthy())
                .map(b -> b.symbolicName() + " (" + b.state() + ")").toList();
        String line = "Runtime: " + runtime.size() + (runtime.size() == 1 ? " bundle, " : " bundles, ")
                + (unwell.isEmpty() ? "all active" : Style.RED.apply("not running: " + String.join(", ", unwell), colour));
        return line + (all ? "." : "; gtach:status --all lists them.");
    }

    /**
     * ACTIVE, FRAGMENT and NOT STARTED are what a healthy bundle shows, so they stay plain; the eye goes
     * to the rest: INSTALLED could not resolve, the others are not running though they should.
     */
    private static Object state(String state) {
        return switch (state) {
            case "ACTIVE", "FRAGMENT", NOT_STARTED -> state;
            case "INSTALLED", "UNINSTALLED" -> Style.RED.on(state);
            default -> Style.YELLOW.on(state);
        };
    }
}
