package gtach.provisioning.fleet.internal;

import gtach.provisioning.fleet.FailedRelease;
import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.remote.Channel;
import gtach.provisioning.repository.remote.ReleaseMetadata;
import gtach.provisioning.repository.remote.RemoteRepositories;
import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.DownloadFailedException;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.GenerationChangedException;
import gtach.provisioning.update.ManagedBundle;
import gtach.provisioning.update.PackageRange;
import gtach.provisioning.update.UpdateException;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.update.UpdateResult;
import gtach.provisioning.update.UpdateService;
import gtach.provisioning.version.SemanticRange;
import gtach.provisioning.version.VersionOrder;
import org.osgi.framework.Version;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

/**
 * One poll of a followed channel: fetch the remote's release (a 304 when nothing changed), read
 * what the channel names, and when this device runs something else, the rollout takes it, the
 * release did not fail here before and the maintenance window is open, ask the update service for
 * an ordinary transaction to exactly that version. Never talks to the framework itself.
 */
final class ChannelPoll {

    /** Where a poll keeps the state it must not lose if the runtime dies during the update. */
    @FunctionalInterface
    interface Keeper {
        void keep(FollowState state) throws IOException;
    }

    private static final String BOOT_GUARD_CAUSE = "automatic rollback to ";
    /** As many as the boot guard allows a generation that kills the JVM at start. */
    static final int INTERRUPTIONS_TO_FAIL = 3;

    private final RemoteRepositories remotes;
    private final UpdateService updates;
    private final String deviceId;
    private final MaintenanceWindow window;
    private final Clock clock;

    ChannelPoll(RemoteRepositories remotes, UpdateService updates, String deviceId, MaintenanceWindow window, Clock clock) {
        this.remotes = remotes;
        this.updates = updates;
        this.deviceId = deviceId;
        this.window = window;
        this.clock = clock;
    }

    FollowState run(FollowState state, Keeper keeper) throws IOException {
        if (!state.following()) {
            return state;
        }
        Generation current = updates.current();
        state = noticeOtherChanges(state, current);
        if (state.paused() != null) {
            return state.polled(clock.instant(), "paused: " + state.paused(), null);
        }
        String remote = state.remote();
        try {
            remotes.fetch(remote);
        } catch (RepositoryException e) {
            return state.polled(clock.instant(), "the fetch failed, what runs is unchanged: " + e.getMessage(), null);
        }
        ReleaseMetadata release;
        try {
            release = remotes.release(remote).orElse(null);
        } catch (RepositoryException e) {
            return state.polled(clock.instant(), e.getMessage(), null);
        }
        if (release != null && !clock.instant().isBefore(release.expires())) {
            // the fetch refuses an expired release, but one kept from an earlier poll expires in place
            return state.polled(clock.instant(), "release " + release.counter() + " of remote " + remote + " expired at "
                    + release.expires() + "; what runs is unchanged until the publisher signs a new one.", null);
        }
        Optional<Channel> named = release == null ? Optional.empty() : release.channel(state.channel());
        if (named.isEmpty()) {
            return state.polled(clock.instant(), "release " + (release == null ? "?" : release.counter()) + " of remote " + remote
                    + " has no channel " + state.channel() + "; what runs is unchanged.", null);
        }
        Channel channel = named.get();
        String target = channel.symbolicName() + " " + channel.version();
        String names = target + " (" + channel.rollout() + " %)";
        Version wanted = Version.parseVersion(channel.version());
        Optional<Version> running = running(current, channel.symbolicName());
        if (running.isPresent() && running.get().equals(wanted)) {
            return state.polled(clock.instant(), "runs " + target + ", as channel " + channel.name() + " names.", names);
        }
        int place = Rollout.place(deviceId, remote, channel.name(), channel.symbolicName(), channel.version());
        if (!Rollout.takes(channel.rollout(), place)) {
            return state.polled(clock.instant(), target + " is rolled out to " + channel.rollout() + " % of the devices, and this"
                    + " device (place " + place + " of 100) is not among them yet.", names);
        }
        Optional<FailedRelease> failed = state.failure(channel.symbolicName(), channel.version());
        if (failed.isPresent()) {
            return state.polled(clock.instant(), target + " failed here at " + failed.get().when() + " and is not tried again"
                    + " until the channel names another version or gtach:follow --retry asks.", names);
        }
        if (!window.contains(LocalTime.now(clock))) {
            return state.polled(clock.instant(), target + " waits for the maintenance window (" + window + ").", names);
        }
        boolean downgrade = running.isPresent() && VersionOrder.compare(wanted, running.get()) < 0;
        List<PackageRange> packages = List.of(PackageRange.of(channel.symbolicName(), SemanticRange.parse(channel.version())));
        // a channel may name a pre-release (a beta channel, say): the request then allows one
        boolean preRelease = VersionOrder.isPreRelease(wanted);
        UpdateRequest request = running.isEmpty() ? new UpdateRequest(UpdateRequest.Action.INSTALL, packages, preRelease, false, false)
                : new UpdateRequest(UpdateRequest.Action.UPDATE, packages, preRelease, downgrade, false);
        // kept before anything changes, so that a restart after a crash knows the change was its own
        keeper.keep(state.applying(target));
        try {
            UpdateResult result = updates.applyRequest(current.number(), request, step -> { });
            return state.moved(target, result.generation().number()).polled(clock.instant(),
                    (downgrade ? "returned to " : "moved to ") + target + ": generation " + result.generation().number() + ".", names);
        } catch (GenerationChangedException e) {
            // an operator's change committed while this request waited for its turn: theirs stands
            return noticeOtherChanges(state, updates.current()).polled(clock.instant(), e.getMessage(), names);
        } catch (DownloadFailedException e) {
            // the remote may answer at the next poll: not a failure of the release
            return state.known(updates.current().number()).polled(clock.instant(), e.getMessage(), names);
        } catch (UpdateException e) {
            FailedRelease failure = new FailedRelease(channel.symbolicName(), channel.version(), e.getMessage(), clock.instant());
            return state.known(updates.current().number()).failing(failure).polled(clock.instant(),
                    target + " failed, and what ran before runs again: " + e.getMessage(), names);
        }
    }

    /**
     * A generation following did not make: after a crash during its own update it is taken as
     * its own (the journal committed it or put the one before back); made by the boot guard, the
     * release it abandoned is remembered as failed; made by anyone else, following pauses.
     */
    private FollowState noticeOtherChanges(FollowState state, Generation current) {
        if (state.inFlight() != null) {
            boolean committed = running(current, name(state.inFlight())).map(v -> v.equals(version(state.inFlight()))).orElse(false);
            if (committed) {
                return state.moved(state.inFlight(), current.number());
            }
            // a release whose start kills the JVM never commits, so the boot guard never sees it: counted here
            FollowState interrupted = state.interruptedAt(current.number());
            if (interrupted.interruptions() < INTERRUPTIONS_TO_FAIL) {
                return interrupted;
            }
            String release = state.inFlight();
            return interrupted.failing(new FailedRelease(name(release), version(release).toString(), "the runtime stopped "
                    + INTERRUPTIONS_TO_FAIL + " times in a row while it was being applied, and generation " + current.number()
                    + " runs again", clock.instant()));
        }
        if (current.number() == state.knownGeneration()) {
            return state;
        }
        if (current.cause().startsWith(BOOT_GUARD_CAUSE) && state.applied() != null) {
            String reason = updates.history().stream().filter(a -> a.generation() == current.number()
                    && a.outcome() == Attempt.Outcome.ROLLED_BACK).map(Attempt::reason).reduce((a, b) -> b)
                    .orElse("the boot guard abandoned it");
            String applied = state.applied();
            return state.known(current.number()).failing(new FailedRelease(name(applied), version(applied).toString(),
                    reason, clock.instant()));
        }
        return state.pausedBecause("generation " + current.number() + " (" + current.cause() + ") was not made by following;"
                + " gtach:follow --resume follows the channel again");
    }

    private static Optional<Version> running(Generation generation, String symbolicName) {
        return generation.bundles().stream().filter(b -> b.symbolicName().equals(symbolicName))
                .map(ManagedBundle::version).map(Version::parseVersion).findFirst();
    }

    private static String name(String release) {
        return release.substring(0, release.indexOf(' '));
    }

    private static Version version(String release) {
        return Version.parseVersion(release.substring(release.indexOf(' ') + 1));
    }
}
