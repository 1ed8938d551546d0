package gtach.provisioning.shell.internal;

import gtach.provisioning.fleet.FleetException;
import gtach.provisioning.fleet.FleetService;
import gtach.provisioning.fleet.FollowStatus;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import static gtach.provisioning.shell.internal.HelpText.EXAMPLES;
import static gtach.provisioning.shell.internal.HelpText.OR;

/** {@code gtach:follow} and {@code gtach:unfollow}: the device follows a channel of a published remote by itself. */
@Component(service = FleetCommands.class, property = {
        "osgi.command.scope=gtach",
        "osgi.command.function=follow",
        "osgi.command.function=unfollow" })
public final class FleetCommands {

    private final FleetService fleet;

    @Activate
    public FleetCommands(@Reference FleetService fleet) {
        this.fleet = fleet;
    }

    @Descriptor("follow a channel of a published remote: the device polls it and moves to the version it names by itself"
            + " (as gtach:update would), never again to one that failed here; without arguments, say what is followed"
            + EXAMPLES + "gtach:follow fleet stable" + OR + "gtach:follow --resume" + OR + "gtach:follow --retry" + OR + "gtach:follow")
    public String follow(CommandSession session,
            @Descriptor("follow again after an operator's gtach:update or gtach:rollback paused following")
            @Parameter(names = "--resume", presentValue = "true", absentValue = "false") boolean resume,
            @Descriptor("forget the releases that failed here and poll now")
            @Parameter(names = "--retry", presentValue = "true", absentValue = "false") boolean retry,
            @Descriptor("poll now, whatever the interval")
            @Parameter(names = "--poll", presentValue = "true", absentValue = "false") boolean poll,
            @Descriptor("print one JSON object: deviceId, remote, channel, running, channelNames, lastPoll, lastOutcome,"
                    + " paused, maintenanceWindow, nextPoll, failed (symbolicName, version, reason, when)")
            @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("<remote> <channel>, or nothing") String... arguments) throws FleetException {
        int flags = (resume ? 1 : 0) + (retry ? 1 : 0) + (poll ? 1 : 0);
        if (flags > 1 || flags == 1 && arguments.length > 0) {
            throw new IllegalArgumentException("gtach:follow takes <remote> <channel>, or one of --resume, --retry and --poll;"
                    + " nothing was changed.");
        }
        FollowStatus status;
        if (arguments.length == 2) {
            status = fleet.follow(arguments[0], arguments[1]);
        } else if (arguments.length != 0) {
            throw new IllegalArgumentException("gtach:follow takes a remote and a channel, such as gtach:follow fleet stable,"
                    + " but got " + arguments.length + " word(s); nothing was changed.");
        } else if (resume) {
            status = fleet.resume();
        } else if (retry) {
            status = fleet.retry();
        } else if (poll) {
            status = fleet.poll();
        } else {
            status = fleet.status();
        }
        return json ? JsonText.of(out -> FollowText.json(out, status)) : FollowText.text(status, TerminalColour.wanted(session));
    }

    @Descriptor("stop following the channel; what runs stays as it is" + EXAMPLES + "gtach:unfollow")
    public String unfollow(CommandSession session) throws FleetException {
        return FollowText.text(fleet.unfollow(), TerminalColour.wanted(session));
    }
}
