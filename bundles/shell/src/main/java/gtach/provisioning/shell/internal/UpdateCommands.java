package gtach.provisioning.shell.internal;

import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.Plan;
import gtach.provisioning.update.UpdateException;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.update.UpdateResult;
import gtach.provisioning.update.UpdateRequest.Action;
import gtach.provisioning.update.UpdateService;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.time.ZoneId;
import java.util.List;

import static gtach.provisioning.shell.internal.HelpText.EXAMPLE;
import static gtach.provisioning.shell.internal.HelpText.EXAMPLES;
import static gtach.provisioning.shell.internal.HelpText.OR;

/**
 * {@code gtach:install|update|uninstall|plan|history|rollback|repair|adopt}: the application's bundle set at the
 * console. An {@link UpdateException} is already one sentence for the operator, so it is the
 * command's failure as it is.
 */
@Component(service = UpdateCommands.class, property = {
        "osgi.command.scope=gtach",
        "osgi.command.function=install",
        "osgi.command.function=update",
        "osgi.command.function=uninstall",
        "osgi.command.function=plan",
        "osgi.command.function=history",
        "osgi.command.function=rollback",
        "osgi.command.function=repair",
        "osgi.command.function=adopt" })
public final class UpdateCommands {

    private static final String NAME_AND_RANGE =
            "one or more symbolic names, each optionally followed by a version range, '[1.1,2)' (quoted), ^1.1, ~1.1.0 "
            + "or 1.x, or a version, which means exactly that version; several packages are one generation";
    private static final String MAJOR =
            "without a range, allow a higher major version than the installed one";
    private static final String START_LEVEL =
            "the start level of every package named: above the provisioning layer's and at most the framework's (2 to 100 "
            + "in gtach.jar); without it, a new package takes the default level or what its application says, and an "
            + "installed one keeps its own";
    private static final String NO_START =
            "install or keep every package named resolved but not started";
    private static final String START =
            "start every package named again (after --no-start)";

    private static final String ALLOW_RESTART =
            "symbolic names, separated by commas, of bundles the update service's refresh policy protects, which this "
            + "request may stop and start again all the same";

    private static final String NO_BASELINE =
            "skip the API baseline for this request: allow an update that removes or changes API a bundle staying wired "
            + "to it uses, without a higher major version of the package (recorded in gtach:history)";

    private final ProvisioningServices services;

    @Activate
    public UpdateCommands(@Reference ProvisioningServices services) {
        this.services = services;
    }

    /** For tests: commands over an update service at hand. */
    UpdateCommands(UpdateService updates) {
        this(ProvisioningServices.of(updates, null));
    }

    @Descriptor("install packages and what they require, start them, and commit a new generation"
            + EXAMPLES + "gtach:install gtach.example.tach ~1.0.0" + OR + "gtach:install gtach.example.tach ^1.0 gtach.example.display"
            + OR + "gtach:install --start-level 3 --no-start gtach.example.tach")
    public String install(CommandSession session,
            @Descriptor("allow pre-release versions") @Parameter(names = "--pre", presentValue = "true", absentValue = "false") boolean pre,
            @Descriptor(START_LEVEL) @Parameter(names = "--start-level", absentValue = "") String startLevel,
            @Descriptor(NO_START) @Parameter(names = "--no-start", presentValue = "true", absentValue = "false") boolean noStart,
            @Descriptor(ALLOW_RESTART) @Parameter(names = "--allow-restart", absentValue = "") String allowRestart,
            @Descriptor(NAME_AND_RANGE) String... nameAndRange)
            throws UpdateException {
        return apply(session, RequestArguments.allowingRestart(RequestArguments.request(Action.INSTALL, pre, false, false,
                new RequestArguments.StartOptions(startLevel, noStart, false), List.of(nameAndRange)), allowRestart));
    }

    @Descriptor("update packages, and what they require, to the newest version in a range, while the application runs; "
            + "without a range, to the newest of the installed major version (--major allows a higher one); "
            + "--all updates everything within its major version"
            + EXAMPLES + "gtach:update gtach.example.tach ~1.1.0" + OR + "gtach:update gtach.example.tach" + OR
            + "gtach:update gtach.example.tach '[2,3)' gtach.example.display ^2.0" + OR + "gtach:update --all"
            + OR + "gtach:update --start-level 4 --start gtach.example.tach")
    public String update(CommandSession session,
            @Descriptor("update every installed package") @Parameter(names = "--all", presentValue = "true", absentValue = "false") boolean all,
            @Descriptor("allow pre-release versions") @Parameter(names = "--pre", presentValue = "true", absentValue = "false") boolean pre,
            @Descriptor("allow a lower version than the installed one") @Parameter(names = "--downgrade", presentValue = "true", absentValue = "false") boolean downgrade,
            @Descriptor(MAJOR) @Parameter(names = "--major", presentValue = "true", absentValue = "false") boolean major,
            @Descriptor(START_LEVEL) @Parameter(names = "--start-level", absentValue = "") String startLevel,
            @Descriptor(NO_START) @Parameter(names = "--no-start", presentValue = "true", absentValue = "false") boolean noStart,
            @Descriptor(START) @Parameter(names = "--start", presentValue = "true", absentValue = "false") boolean start,
            @Descriptor(ALLOW_RESTART) @Parameter(names = "--allow-restart", absentValue = "") String allowRestart,
            @Descriptor(NO_BASELINE) @Parameter(names = "--no-baseline", presentValue = "true", absentValue = "false") boolean noBaseline,
            @Descriptor(NAME_AND_RANGE + "; nothing with --all") String... nameAndRange)
            throws UpdateException {
        return apply(session, RequestArguments.withoutBaseline(RequestArguments.allowingRestart(RequestArguments.request(
                all ? Action.UPDATE_ALL : Action.UPDATE, pre, downgrade, major,
                new RequestArguments.StartOptions(startLevel, noStart, start), List.of(nameAndRange)), allowRestart), noBaseline));
    }

    @Descriptor("uninstall packages and what only they needed; refused while another installed package needs one"
            + EXAMPLE + "gtach:uninstall gtach.example.display")
    public String uninstall(CommandSession session,
            @Descriptor(ALLOW_RESTART) @Parameter(names = "--allow-restart", absentValue = "") String allowRestart,
            @Descriptor("one or more symbolic names; several are one generation") String... names) throws UpdateException {
        return apply(session, RequestArguments.allowingRestart(RequestArguments.request(Action.UNINSTALL, false, false,
                List.of(names)), allowRestart));
    }

    @Descriptor("show what install, update or uninstall would change, and what it would restart; changes nothing"
            + EXAMPLES + "gtach:plan update gtach.example.tach ~1.1.0" + OR + "gtach:plan --json update --all")
    public String plan(CommandSession session,
            @Descriptor("print one JSON object instead: request, changes (action: install, update, uninstall or set, "
                    + "symbolicName, from, to, fromStart and toStart (level, started; null when they stay), reason; "
                    + "empty when there is nothing to do), refresh (symbolicName, version, reason: the chain of wires "
                    + "that restarts it, or \"changes\"), downloads and warnings (sentences)")
            @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("with update: every installed package") @Parameter(names = "--all", presentValue = "true", absentValue = "false") boolean all,
            @Descriptor("allow pre-release versions") @Parameter(names = "--pre", presentValue = "true", absentValue = "false") boolean pre,
            @Descriptor("allow a lower version than the installed one") @Parameter(names = "--downgrade", presentValue = "true", absentValue = "false") boolean downgrade,
            @Descriptor("with update: " + MAJOR) @Parameter(names = "--major", presentValue = "true", absentValue = "false") boolean major,
            @Descriptor("with install or update: " + START_LEVEL) @Parameter(names = "--start-level", absentValue = "") String startLevel,
            @Descriptor("with install or update: " + NO_START) @Parameter(names = "--no-start", presentValue = "true", absentValue = "false") boolean noStart,
            @Descriptor("with update: " + START) @Parameter(names = "--start", presentValue = "true", absentValue = "false") boolean start,
            @Descriptor(ALLOW_RESTART) @Parameter(names = "--allow-restart", absentValue = "") String allowRestart,
            @Descriptor("with install or update: " + NO_BASELINE) @Parameter(names = "--no-baseline", presentValue = "true",
                    absentValue = "false") boolean noBaseline,
            @Descriptor("install, update or uninstall") String action,
            @Descriptor("symbolic names, each optionally followed by a version range, as for that action") String... nameAndRange)
            throws UpdateException {
        UpdateRequest request = RequestArguments.withoutBaseline(RequestArguments.allowingRestart(RequestArguments.request(
                RequestArguments.action(action, all), pre, downgrade, major,
                new RequestArguments.StartOptions(startLevel, noStart, start), List.of(nameAndRange)), allowRestart), noBaseline);
        Plan plan = services.updates().plan(request);
        return json ? UpdateJson.plan(plan) : UpdateReports.plan(plan, TerminalColour.wanted(session));
    }

    @Descriptor("list every update attempt, oldest first: committed, rolled back, or recovered after a crash, and why"
            + EXAMPLES + "gtach:history" + OR + "gtach:history --json")
    public String history(CommandSession session,
            @Descriptor("print a JSON array instead, one object per attempt: generation, time (UTC), request, changes, "
                    + "outcome (committed, rolledBack or recovered), reason")
            @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        List<Attempt> history = services.updates().history();
        return json ? UpdateJson.history(history) : UpdateReports.history(history, ZoneId.systemDefault(), TerminalColour.wanted(session));
    }

    @Descriptor("run the bundle set of an earlier generation again, recorded as a new generation"
            + EXAMPLES + "gtach:rollback" + OR + "gtach:rollback 1")
    public String rollback(CommandSession session, @Descriptor("generation number, as gtach:history lists them; the one before the current by default")
            String... generation)
            throws UpdateException {
        if (generation.length > 1) {
            throw new IllegalArgumentException("rollback takes at most one generation number, but got " + generation.length + ".");
        }
        int number = generation.length == 0 ? UpdateService.PREVIOUS : generationNumber(generation[0]);
        UpdateResult result;
        try (ProgressLine progress = ProgressLine.of(session)) {
            result = services.updates().rollbackTo(number, progress);
        }
        return UpdateReports.applied(generation.length == 0 ? "rollback" : "rollback " + number, result);
    }

    @Descriptor("put the current generation back as recorded, after bundles were changed with the framework's own "
            + "shell (gtach:status lists the differences) or after a restore that did not finish; commits nothing"
            + EXAMPLES + "gtach:repair")
    public String repair(CommandSession session) throws UpdateException {
        try (ProgressLine progress = ProgressLine.of(session)) {
            return services.updates().repair(progress);
        }
    }

    @Descriptor("record the application bundles the framework runs now as a new generation, storing their JARs in the "
            + "repository; the opposite of gtach:repair" + EXAMPLES + "gtach:adopt")
    public String adopt(CommandSession session) throws UpdateException {
        UpdateResult result;
        try (ProgressLine progress = ProgressLine.of(session)) {
            result = services.updates().adopt(progress);
        }
        return UpdateReports.applied("adopt", result);
    }

    private String apply(CommandSession session, UpdateRequest request) throws UpdateException {
        UpdateResult result;
        try (ProgressLine progress = ProgressLine.of(session)) {
            result = services.updates().applyRequest(request, progress);
        }
        return UpdateReports.applied(request, result);
    }

    private static int generationNumber(String text) {
        try {
            int number = Integer.parseInt(text);
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a generation number: gtach:history lists them.");
    }
}
