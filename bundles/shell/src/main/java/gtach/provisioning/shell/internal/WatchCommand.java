package gtach.provisioning.shell.internal;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static gtach.provisioning.shell.internal.HelpText.EXAMPLES;
import static gtach.provisioning.shell.internal.HelpText.OR;

/**
 * {@code gtach:watch}: the developer loop at the console. The watch itself is {@link BuildWatch};
 * it lives as long as this component, so it stops with the shell bundle, and is off until started.
 * Immediate: a delayed component would be disposed, and its watch stopped, as soon as the shell gave
 * the service back after the command that started it.
 */
@Component(service = WatchCommand.class, immediate = true, property = {
        "osgi.command.scope=gtach",
        "osgi.command.function=watch" })
public final class WatchCommand {

    private final BuildWatch watch;

    @Activate
    public WatchCommand(@Reference ProvisioningServices services, @Reference(service = LoggerFactory.class) Logger log) {
        this(services, BuildWatch.SETTLE, (line, refused) -> {
            if (refused) {
                log.warn("gtach:watch: {}", line);
            } else {
                log.info("gtach:watch: {}", line);
            }
        });
    }

    /** For tests: a watch over the services at hand, reporting to {@code reporter}. */
    WatchCommand(ProvisioningServices services, Duration settle, BuildWatch.Reporter reporter) {
        this.watch = new BuildWatch(services, settle, reporter, Clock.systemUTC());
    }

    @Deactivate
    void deactivate() {
        watch.close();
    }

    @Descriptor("follow a build output directory: each bundle JAR written there is added and, when installed, updated,"
            + " one generation per change, until gtach:watch --stop; only -SNAPSHOT versions and development builds"
            + " (gtach:add --dev) are taken, releases are refused; without a directory, show what is watched"
            + EXAMPLES + "gtach:watch app/target" + OR + "gtach:watch" + OR + "gtach:watch --stop")
    public String watch(CommandSession session,
            @Descriptor("stop watching: the directory named, or every one") @Parameter(names = "--stop",
                    presentValue = "true", absentValue = "false") boolean stop,
            @Descriptor("a build output directory; a relative path starts from your directory") String... directory) {
        if (directory.length > 1) {
            throw new IllegalArgumentException("watch takes at most one directory, but got " + directory.length + " ("
                    + String.join(" ", directory) + "); nothing was changed.");
        }
        Optional<Path> named = directory.length == 0 ? Optional.empty() : Optional.of(resolve(session, directory[0]));
        if (stop) {
            return watch.stop(named);
        }
        return named.map(watch::start).orElseGet(watch::describe);
    }

    /** Relative paths mean the operator's directory, which Gogo tracks per session. */
    private static Path resolve(CommandSession session, String typed) {
        Path dir = session == null ? null : session.currentDir();
        return dir == null ? Path.of(typed) : dir.resolve(typed).normalize();
    }
}
