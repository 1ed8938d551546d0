package gtach.provisioning.shell.internal;

import gtach.provisioning.version.CompatibilityChecker;
import gtach.provisioning.version.CompatibilityReport;
import gtach.provisioning.version.LostWire;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.io.IOException;
import java.nio.file.Path;

import static gtach.provisioning.shell.internal.HelpText.EXAMPLE;

/** {@code gtach:check <jar>}: what replacing the installed bundle with this one would break. */
@Component(service = CheckCommand.class, property = {
        "osgi.command.scope=gtach",
        "osgi.command.function=check" })
public final class CheckCommand {

    private final CompatibilityChecker checker;

    @Activate
    public CheckCommand(@Reference CompatibilityChecker checker) {
        this.checker = checker;
    }

    @Descriptor("list the running bundles that would lose a wire if this bundle replaced the installed one of the same name"
            + EXAMPLE + "gtach:check bundles/examples/packages/target/packages/example-tach-2.0.0.jar")
    public String check(CommandSession session,
            @Descriptor("path to the candidate bundle JAR; a relative path starts from your directory") String jar)
            throws IOException {
        Path path = session.currentDir() == null ? Path.of(jar) : session.currentDir().resolve(jar);
        return format(checker.check(path), TerminalColour.wanted(session));
    }

    static String format(CompatibilityReport report, boolean colour) {
        String name = report.symbolicName();
        if (report.installedVersion().isEmpty()) {
            return name + " " + report.candidateVersion() + " is not installed: compatible, nothing depends on it"
                    + System.lineSeparator();
        }
        String step = name + " " + report.installedVersion().get() + " -> " + report.candidateVersion()
                + " (" + report.change().name().toLowerCase() + ")";
        if (report.compatible()) {
            return step + ": " + Style.GREEN.apply("compatible", colour) + System.lineSeparator();
        }
        Table table = new Table("ID", "CONSUMER", "VERSION", "REQUIREMENT", "BUT");
        for (LostWire wire : report.lostWires()) {
            table.row(wire.consumerId(), wire.consumerSymbolicName(), wire.consumerVersion(), wire.requirement(),
                    wire.reason());
        }
        long consumers = report.lostWires().stream().mapToLong(LostWire::consumerId).distinct().count();
        return step + ": " + Style.RED.apply("incompatible", colour) + ", " + consumers
                + (consumers == 1 ? " installed bundle" : " installed bundles") + " would lose a wire"
                + System.lineSeparator() + table.render(colour);
    }
}
