package gtach.provisioning.shell.internal;

import gtach.provisioning.update.UpdateService;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code gtach:status}: the bundle set running now. */
@Component(service = StatusCommand.class, property = {
        "osgi.command.scope=gtach",
        "osgi.command.function=status" })
public final class StatusCommand {

    private final BundleContext context;

    /** Optional: the bundle set can be shown while the update service is missing or restarting. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile UpdateService updates;

    @Activate
    public StatusCommand(BundleContext context) {
        this.context = context;
    }

    @Descriptor("show the running generation and bundle set: id, symbolic name, version, state and start level")
    public String status() {
        UpdateService service = updates;
        String generation = service == null ? "" : UpdateReports.running(service.current());
        Table table = new Table("ID", "NAME", "VERSION", "STATE", "LEVEL");
        for (Bundle bundle : context.getBundles()) {
            BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
            table.row(bundle.getBundleId(), bundle.getSymbolicName(), bundle.getVersion(), BundleStates.name(bundle),
                    level == null ? "-" : level.getStartLevel());
        }
        return generation + table;
    }
}
