package gtach.provisioning.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a device follows and how that goes. Immutable.
 *
 * @param deviceId the device's id, which the rollout hashes
 * @param remote the remote followed; empty when the device follows nothing
 * @param channel the channel followed
 * @param running the followed channel's package as this device runs it, {@code name version}
 * @param channelNames what the channel named at the last poll, {@code name version (N %)}
 * @param lastPoll when the last poll ended
 * @param lastOutcome what it found or did, one sentence
 * @param paused why following is paused (an operator's change), empty while it follows
 * @param failed the releases that failed here, newest first
 * @param nextPoll when the next poll is due; empty when nothing is followed
 * @param maintenanceWindow the daily local hours within which following may change what runs,
 *        {@code 02:00-04:30}, or {@code any time}
 */
public record FollowStatus(String deviceId, Optional<String> remote, Optional<String> channel, Optional<String> running,
        Optional<String> channelNames, Optional<Instant> lastPoll, Optional<String> lastOutcome, Optional<String> paused,
        List<FailedRelease> failed, Optional<Instant> nextPoll, String maintenanceWindow) {

    public FollowStatus {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(maintenanceWindow, "maintenanceWindow");
        failed = List.copyOf(failed);
    }

    /** True while a remote's channel is followed. */
    public boolean following() {
        return remote.isPresent();
    }
}
