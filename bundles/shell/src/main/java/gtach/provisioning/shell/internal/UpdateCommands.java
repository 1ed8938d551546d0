package gtach.provisioning.shell.internal;

import gtach.provisioning.update.Generation;
import gtach.provisioning.update.UpdateException;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.update.UpdateRequest.Action;
import gtach.provisioning.update.UpdateService;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.time.ZoneId;
import java.util.List;

/**
 * {@code gtach:install|update|uninstall|plan|history|rollback}: the application's bundle set at the
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
        "osgi.command.function=rollback" })
public final class UpdateCommands {

    private final UpdateService updates;

    @Activate
    public UpdateCommands(@Reference UpdateService updates) {
        this.updates = updates;
    }

    @Descriptor("install a package and what it requires, and start it")
    public String install(
            @Descriptor("allow pre-release versions") @Parameter(names = "--pre", presentValue = "true", absentValue = "false") boolean pre,
            @Descriptor("symbolic name, then optionally a version range: '[1.1,2)' (quoted), ^1.1, ~1.1.0 or 1.x") String... nameAndRange)
            throws UpdateException {
        return apply(RequestArguments.request(Action.INSTALL, pre, false, List.of(nameAndRange)));
    }

    @Descriptor("update a package, and what it requires, to the newest version in a range; --all updates everything within its major version")
    public String update(
            @Descriptor("update every installed package") @Parameter(names = "--all", presentValue = "true", absentValue = "false") boolean all,
            @Descriptor("allow pre-release versions") @Parameter(names = "--pre", presentValue = "true", absentValue = "false") boolean pre,
            @Descriptor("allow a lower version than the installed one") @Parameter(names = "--downgrade", presentValue = "true", absentValue = "false") boolean downgrade,
            @Descriptor("symbolic name, then optionally a version range: '[1.1,2)' (quoted), ^1.1, ~1.1.0 or 1.x; nothing with --all") String... nameAndRange)
            throws UpdateException {
        return apply(RequestArguments.request(all ? Action.UPDATE_ALL : Action.UPDATE, pre, downgrade, List.of(nameAndRange)));
    }

    @Descriptor("uninstall a package; refused while another installed package needs it")
    public String uninstall(@Descriptor("symbolic name") String name) throws UpdateException {
        return apply(RequestArguments.request(Action.UNINSTALL, false, false, List.of(name)));
    }

    @Descriptor("show what install, update or uninstall would change, and what it would restart; changes nothing")
    public String plan(
            @Descriptor("with update: every installed package") @Parameter(names = "--all", presentValue = "true", absentValue = "false") boolean all,
            @Descriptor("allow pre-release versions") @Parameter(names = "--pre", presentValue = "true", absentValue = "false") boolean pre,
            @Descriptor("allow a lower version than the installed one") @Parameter(names = "--downgrade", presentValue = "true", absentValue = "false") boolean downgrade,
            @Descriptor("install, update or uninstall") String action,
            @Descriptor("symbolic name, then optionally a version range, as for that action") String... nameAndRange)
            throws UpdateException {
        UpdateRequest request = RequestArguments.request(RequestArguments.action(action, all), pre, downgrade, List.of(nameAndRange));
        return UpdateReports.plan(updates.plan(request));
    }

    @Descriptor("list every update attempt, oldest first: committed, rolled back or recovered after a crash")
    public String history() {
        return UpdateReports.history(updates.history(), ZoneId.systemDefault());
    }

    @Descriptor("run the bundle set of an earlier generation again, recorded as a new generation")
    public String rollback(@Descriptor("generation number; the one before the current by default") String... generation)
            throws UpdateException {
        if (generation.length > 1) {
            throw new IllegalArgumentException("rollback takes at most one generation number, but got " + generation.length + ".");
        }
        int number = generation.length == 0 ? 0 : generationNumber(generation[0]);
        int before = updates.current().number();
        Generation after = updates.rollback(number);
        return UpdateReports.applied(generation.length == 0 ? "rollback" : "rollback " + number, before, after,
                updates.history());
    }

    private String apply(UpdateRequest request) throws UpdateException {
        int before = updates.current().number();
        Generation after = updates.apply(request);
        return UpdateReports.applied(request.toString(), before, after, updates.history());
    }

    private static int generationNumber(String text) {
        try {
            int number = Integer.parseInt(text);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a generation number: gtach:history lists them.");
    }
}
