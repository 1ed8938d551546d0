package gtach.provisioning.shell.internal;

import gtach.provisioning.update.LeakReport;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.time.ZoneId;

import static gtach.provisioning.shell.internal.HelpText.EXAMPLES;
import static gtach.provisioning.shell.internal.HelpText.OR;

/** {@code gtach:leaks}: what hot updates have left behind in the running JVM. */
@Component(service = LeakCommand.class, property = {
        "osgi.command.scope=gtach",
        "osgi.command.function=leaks" })
public final class LeakCommand {

    private final ProvisioningServices services;

    @Activate
    public LeakCommand(@Reference ProvisioningServices services) {
        this.services = services;
    }

    @Descriptor("run a full garbage collection, then show the class loaders of bundle revisions that updates replaced "
            + "and something still holds (and which bundles used them), the bundles pending removal and the Metaspace "
            + "in use; the update service also checks by itself a few seconds after every change"
            + EXAMPLES + "gtach:leaks" + OR + "gtach:leaks --json")
    public String leaks(CommandSession session,
            @Descriptor("print one JSON object instead: checked, generation, restartRecommended, summary, held (bundle, "
                    + "replacedIn, heldBy), removalPending, metaspaceUsedBytes and classesLoaded")
            @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        LeakReport report = services.updates().checkLeaks();
        return json ? JsonText.of(generator -> LeakText.json(generator, report))
                : LeakText.text(report, ZoneId.systemDefault(), TerminalColour.wanted(session));
    }
}
