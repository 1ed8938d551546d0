package gtach.provisioning.shell.internal;

import gtach.provisioning.fleet.FleetService;
import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.remote.RemoteRepositories;
import gtach.provisioning.update.UpdateException;
import gtach.provisioning.update.UpdateService;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static gtach.provisioning.shell.internal.HelpText.EXAMPLES;
import static gtach.provisioning.shell.internal.HelpText.OR;

/** {@code gtach:status}: the bundle set running now. */
@Component(service = StatusCommand.class, property = {
        "osgi.command.scope=gtach",
        "osgi.command.function=status" })
public final class StatusCommand {

    /** The start level of the runtime's own bundles. */
    static final int RUNTIME_LEVEL = 1;

    private final BundleContext context;

    /** Optional: the bundle set can be shown while the update service is missing or restarting. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile UpdateService updates;

    /** Optional: without the repository bundle's remotes, status has no remotes to report on. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile RemoteRepositories remotes;

    /** Optional: without the fleet bundle, the device follows nothing. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile FleetService fleet;

    @Activate
    public StatusCommand(BundleContext context) {
        this.context = context;
    }

    @Descriptor("show the running generation, where the log is, whether the runtime's own bundles run, and the "
            + "application's bundles: id, symbolic name, version, state (NOT STARTED for one installed or kept not started) "
            + "and start level"
            + EXAMPLES + "gtach:status" + OR + "gtach:status --all --json")
    public String status(CommandSession session,
            @Descriptor("list the runtime's own bundles too")
            @Parameter(names = "--all", presentValue = "true", absentValue = "false") boolean all,
            @Descriptor("print one JSON object instead: generation (number, time, cause; null while the update service "
                    + "is not running), logFile (null when no log is written) and bundles (id, symbolicName, version, "
                    + "state, started: whether it is marked to start, startLevel, runtime: whether it is one of the runtime's "
                    + "own bundles; always every bundle) and drift "
                    + "(how the framework differs from the generation, one sentence each) and remotes (each remote with a "
                    + "problem: an expired release, added with --insecure; one sentence each) and leaks (the last check of "
                    + "what hot updates left behind, as gtach:leaks --json prints it; null before the first)")
            @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        UpdateService service = updates;
        StatusReport report = new StatusReport(Optional.ofNullable(service).map(UpdateService::current), drift(service),
                logFile(), bundles(), remoteProblems(remotes)).following(Optional.ofNullable(fleet).map(FleetService::status))
                .leaks(Optional.ofNullable(service).flatMap(UpdateService::leaks));
        return json ? report.json() : report.text(TerminalColour.wanted(session), all);
    }

    private static List<String> drift(UpdateService service) {
        if (service == null) {
            return List.of();
        }
        try {
            return service.drift();
        } catch (UpdateException e) {
            return List.of("cannot tell: " + e.getMessage());
        }
    }

    private static List<String> remoteProblems(RemoteRepositories remotes) {
        if (remotes == null) {
            return List.of();
        }
        try {
            return remotes.problems();
        } catch (RepositoryException e) {
            return List.of("cannot tell: " + e.getMessage());
        }
    }

    private List<StatusReport.BundleRow> bundles() {
        List<StatusReport.BundleRow> rows = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
            // The launcher starts the runtime's own bundles at level 1; the application runs above it.
            boolean runtime = bundle.getBundleId() == 0 || level != null && level.getStartLevel() <= RUNTIME_LEVEL;
            rows.add(new StatusReport.BundleRow(bundle.getBundleId(), bundle.getSymbolicName(),
                    bundle.getVersion().toString(), BundleStates.name(bundle),
                    level == null ? OptionalInt.empty() : OptionalInt.of(level.getStartLevel()), runtime,
                    bundle.getBundleId() == 0 || level == null || level.isPersistentlyStarted()));
        }
        return rows;
    }

    private Optional<String> logFile() {
        return LogFileLocation.of(context);
    }
}
