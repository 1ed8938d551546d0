package gtach.provisioning.shell.internal;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** {@code gtach:status}: the bundle set running now. */
@Component(service = StatusCommand.class, property = {
        "osgi.command.scope=gtach",
        "osgi.command.function=status" })
public final class StatusCommand {

    private final BundleContext context;

    @Activate
    public StatusCommand(BundleContext context) {
        this.context = context;
    }

    @Descriptor("show the running bundle set: id, symbolic name, version, state and start level")
    public String status() {
        Table table = new Table("ID", "NAME", "VERSION", "STATE", "LEVEL");
        for (Bundle bundle : context.getBundles()) {
            BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
            table.row(bundle.getBundleId(), bundle.getSymbolicName(), bundle.getVersion(), BundleStates.name(bundle),
                    level == null ? "-" : level.getStartLevel());
        }
        return table.toString();
    }
}
