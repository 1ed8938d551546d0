package gtach.provisioning.shell.internal;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static gtach.provisioning.shell.internal.HelpText.EXAMPLES;
import static gtach.provisioning.shell.internal.HelpText.OR;

/** {@code gtach:log}: the end of the runtime's log, for an operator who has only the console. */
@Component(service = LogCommand.class, property = {
        "osgi.command.scope=gtach",
        "osgi.command.function=log" })
public final class LogCommand {

    private static final String NL = System.lineSeparator();

    private final BundleContext context;

    @Activate
    public LogCommand(BundleContext context) {
        this.context = context;
    }

    @Descriptor("show the last entries of the runtime's log (the current file; gtach:status says where it is)"
            + EXAMPLES + "gtach:log" + OR + "gtach:log -n 3 Display")
    public String log(
            @Descriptor("how many entries, 20 by default") @Parameter(names = {"-n", "--entries"}, absentValue = "20") int count,
            @Descriptor("only entries containing this text, ignoring case") String... text) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("gtach:log -n needs a number of entries of at least 1, not " + count + ".");
        }
        String file = LogFileLocation.of(context).orElseThrow(() -> new IllegalStateException(
                "No log is written: the gtach.provisioning.log bundle is not running."));
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "The log " + file + " has no entries yet." + NL;
        }
        List<String> entries = LogTail.last(lines, count, String.join(" ", text));
        if (entries.isEmpty()) {
            return "No entry of " + file + " contains \"" + String.join(" ", text) + "\"." + NL;
        }
        return String.join(NL, entries) + NL;
    }
}
