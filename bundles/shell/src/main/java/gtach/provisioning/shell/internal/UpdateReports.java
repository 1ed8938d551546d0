package gtach.provisioning.shell.internal;

import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.Change;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.ManagedBundle;
import gtach.provisioning.update.PackageRange;
import gtach.provisioning.update.Plan;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.update.UpdateResult;
import org.osgi.framework.Version;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What the update commands print: plans, applied requests and the history. */
final class UpdateReports {

    private static final String NL = System.lineSeparator();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private UpdateReports() {
    }

    /** A dry run: one row per change, then what will be stopped and started again. */
    static String plan(Plan plan, boolean colour) {
        if (plan.isEmpty()) {
            return nothingToDo(plan.request()) + "." + NL + withinMajor(plan.request(), name -> Optional.empty());
        }
        Table table = new Table("ACTION", "NAME", "FROM", "TO", "REASON");
        for (Change change : plan.changes()) {
            table.row(action(change), change.symbolicName(), version(change.from(), change.fromStart()),
                    version(change.to(), change.toStart()), change.reason());
        }
        return table.render(colour) + refresh(plan) + NL + downloads(plan) + warnings(plan) + withinMajor(plan.request(), name -> plan.changes().stream()
                .filter(c -> c.symbolicName().equals(name)).flatMap(c -> c.from().stream()).findFirst());
    }

    /** The packages only fetched remotes have, which applying the plan downloads and verifies first. */
    private static String downloads(Plan plan) {
        StringBuilder out = new StringBuilder();
        plan.downloads().forEach(p -> out.append("Downloads first: ").append(p)
                .append(", checked against its signed index before anything changes.").append(NL));
        return out.toString();
    }

    /** What the plan allows but an operator should know, such as an API change no consumer uses. */
    private static String warnings(Plan plan) {
        StringBuilder out = new StringBuilder();
        plan.warnings().forEach(w -> out.append("Warning: ").append(w).append('.').append(NL));
        return out.toString();
    }

    /** An applied request or rollback: the changes it made, then the generation running now. */
    static String applied(String request, UpdateResult result) {
        Generation after = result.generation();
        if (!result.changed()) {
            return "Nothing to do: " + quoted(request) + " is already satisfied; generation " + after.number()
                    + " keeps running." + NL;
        }
        StringBuilder out = new StringBuilder();
        result.changes().forEach(change -> out.append(change).append(NL));
        return out.append("Generation ").append(after.number()).append(" is running: ").append(after.cause()).append('.')
                .append(NL).toString();
    }

    /**
     * An applied request, after the packages it downloaded from fetched remotes; an update of packages
     * without a range says they stayed within their installed major.
     */
    static String applied(UpdateRequest request, UpdateResult result) {
        StringBuilder downloaded = new StringBuilder();
        result.downloaded().forEach(p -> downloaded.append("Downloaded ").append(p).append(", checked against its signed index.")
                .append(NL));
        return downloaded + applied(request.toString(), result) + withinMajor(request, name -> result.generation().bundles().stream()
                .filter(b -> b.symbolicName().equals(name)).map(ManagedBundle::version).findFirst());
    }

    /**
     * The line an update naming packages without a range ends with: they stay within their installed major
     * version, and how to leave it ({@code update --all} says so in its help). Empty for other requests.
     *
     * @param osgiVersion the version of a package, when known
     */
    private static String withinMajor(UpdateRequest request, Function<String, Optional<String>> osgiVersion) {
        if (request.action() != UpdateRequest.Action.UPDATE) {
            return "";
        }
        List<String> within = new ArrayList<>();
        for (PackageRange p : request.packages()) {
            if (request.withinInstalledMajor(p)) {
                within.add(p.name() + (within.isEmpty() ? " stays within " : " within ") + osgiVersion.apply(p.name())
                        .map(v -> Version.parseVersion(v).getMajor() + ".x").orElse("its installed major version"));
            }
        }
        if (within.isEmpty()) {
            return "";
        }
        String last = within.get(within.size() - 1);
        return (within.size() == 1 ? last : String.join(", ", within.subList(0, within.size() - 1)) + " and " + last)
                + ", as an update without a range does; --major allows a higher major version." + NL;
    }

    /** Every attempt, oldest first, in local time to the second. */
    static String history(List<Attempt> attempts, ZoneId zone, boolean colour) {
        if (attempts.isEmpty()) {
            return "No updates yet." + NL;
        }
        Table table = new Table("GEN", "TIME", "REQUEST", "CHANGES", "OUTCOME", "REASON");
        for (Attempt attempt : attempts) {
            table.row(attempt.generation(), TIME.format(attempt.time().truncatedTo(ChronoUnit.SECONDS).atZone(zone)),
                    attempt.request(), attempt.changes().isEmpty() ? "-" : String.join(", ", attempt.changes()),
                    outcome(attempt.outcome()), attempt.reason().isBlank() ? "-" : attempt.reason());
        }
        return table.render(colour);
    }

    /** The line {@code gtach:status} adds when the update service runs. */
    static String running(Generation generation) {
        return "Generation " + generation.number() + " ("
                + (generation.cause().isBlank() ? "nothing committed yet" : generation.cause()) + ")" + NL;
    }

    static String nothingToDo(UpdateRequest request) {
        return "Nothing to do: " + quoted(request.toString()) + " is already satisfied";
    }

    /**
     * Bundles restarted only because they are wired to a changed one are worth naming; the changed ones are in the
     * table. A plan that only installs, or only moves a start level or starts or stops, restarts nothing.
     */
    private static String refresh(Plan plan) {
        if (plan.refresh().isEmpty()) {
            return "Refresh: none; nothing running is stopped and started again.";
        }
        Set<String> changed = plan.changes().stream().map(Change::symbolicName).collect(Collectors.toSet());
        boolean othersToo = plan.refresh().stream().anyMatch(entry -> !changed.contains(entry.split(" ", 2)[0]));
        if (!othersToo) {
            return "Refresh: only the changed bundles.";
        }
        StringBuilder out = new StringBuilder("Refresh (stopped and started again): " + String.join(", ", plan.refresh()));
        // why each bundle the request did not change restarts: the chain of wires back to a changed one
        for (String reason : plan.refreshReasons()) {
            int colon = reason.indexOf(": ");
            String bundle = colon < 0 ? reason : reason.substring(0, colon);
            if (colon >= 0 && !changed.contains(bundle.split(" ", 2)[0])) {
                out.append(NL).append("  ").append(bundle).append(' ').append(reason.substring(colon + 2));
            }
        }
        return out.toString();
    }

    /** An uninstall is the change an operator most wants to notice before saying yes. */
    private static Object action(Change change) {
        String action = change.kind().name().toLowerCase(Locale.ROOT);
        return change.kind() == Change.Kind.UNINSTALL ? Style.YELLOW.on(action) : action;
    }

    /**
     * SemVer where the OSGi version has a reading, as gtach:list shows it; "-" for none. Followed by the start
     * level and state where the change alters them, e.g. {@code 1.0.0 (start level 3, not started)}.
     */
    private static String version(Optional<String> osgiVersion, Optional<Change.Start> start) {
        return (osgiVersion.isEmpty() ? "-" : Change.display(osgiVersion)) + start.map(s -> " (" + s + ")").orElse("");
    }

    private static Style.Styled outcome(Attempt.Outcome outcome) {
        String words = outcome.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return switch (outcome) {
            case COMMITTED -> Style.GREEN.on(words);
            case ROLLED_BACK, RESTORE_FAILED -> Style.RED.on(words);
            case RECOVERED, REFUSED, REPAIRED -> Style.YELLOW.on(words);
        };
    }

    private static String quoted(String request) {
        return "\"" + request + "\"";
    }
}
