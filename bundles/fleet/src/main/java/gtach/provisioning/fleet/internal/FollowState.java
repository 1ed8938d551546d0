package gtach.provisioning.fleet.internal;

import gtach.provisioning.fleet.FailedRelease;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What following keeps across polls and restarts (in {@code <home>/state/fleet.json}). Immutable;
 * each change answers a new state.
 *
 * @param remote the remote followed, null when nothing is
 * @param channel the channel followed
 * @param paused why following is paused, null while it follows
 * @param knownGeneration the generation following last saw or made: another one means someone else changed what runs
 * @param inFlight the release an automatic update was applying ({@code name version}), null when none was
 * @param applied the release following last moved to, null before it moved
 * @param failed the releases that failed here, newest first
 * @param lastPoll when the last poll ended, null before the first
 * @param lastOutcome what the last poll found or did
 * @param channelNames what the channel named at the last poll
 * @param interrupted the release whose automatic update the runtime stopped in the middle of, without committing it,
 *        at the last start or the ones before; null when none was
 * @param interruptions how many starts in a row found {@code interrupted} so
 */
record FollowState(String remote, String channel, String paused, int knownGeneration, String inFlight, String applied,
        List<FailedRelease> failed, Instant lastPoll, String lastOutcome, String channelNames, String interrupted,
        int interruptions) {

    static final FollowState NOTHING = new FollowState(null, null, null, -1, null, null, List.of(), null, null, null, null, 0);

    FollowState {
        failed = List.copyOf(failed);
    }

    boolean following() {
        return remote != null;
    }

    FollowState following(String newRemote, String newChannel, int generation) {
        boolean same = newRemote.equals(remote) && newChannel.equals(channel);
        return new FollowState(newRemote, newChannel, null, generation, null, same ? applied : null, same ? failed : List.of(), null,
                "following " + newChannel + " of remote " + newRemote + "; not polled yet", null, null, 0);
    }

    FollowState pausedBecause(String why) {
        return new FollowState(remote, channel, why, knownGeneration, null, applied, failed, lastPoll, lastOutcome, channelNames,
                interrupted, interruptions);
    }

    FollowState resumedAt(int generation) {
        return new FollowState(remote, channel, null, generation, null, applied, failed, lastPoll, lastOutcome, channelNames,
                interrupted, interruptions);
    }

    FollowState withoutFailures() {
        return new FollowState(remote, channel, paused, knownGeneration, inFlight, applied, List.of(), lastPoll, lastOutcome,
                channelNames, null, 0);
    }

    FollowState known(int generation) {
        return new FollowState(remote, channel, paused, generation, null, applied, failed, lastPoll, lastOutcome, channelNames,
                interrupted, interruptions);
    }

    FollowState applying(String release) {
        return new FollowState(remote, channel, paused, knownGeneration, release, applied, failed, lastPoll, lastOutcome,
                channelNames, interrupted, interruptions);
    }

    /** Moved to {@code release}, now generation {@code generation}. */
    FollowState moved(String release, int generation) {
        return new FollowState(remote, channel, paused, generation, null, release, failed, lastPoll, lastOutcome, channelNames,
                null, 0);
    }

    /**
     * The runtime stopped during the automatic update to {@link #inFlight()}, which did not commit:
     * one more interruption of that release in a row, and generation {@code generation} runs.
     */
    FollowState interruptedAt(int generation) {
        int count = inFlight.equals(interrupted) ? interruptions + 1 : 1;
        return new FollowState(remote, channel, paused, generation, null, applied, failed, lastPoll, lastOutcome, channelNames,
                inFlight, count);
    }

    FollowState failing(FailedRelease release) {
        List<FailedRelease> all = new ArrayList<>();
        all.add(release);
        failed.stream().filter(f -> !(f.symbolicName().equals(release.symbolicName()) && f.version().equals(release.version())))
                .forEach(all::add);
        boolean wasInterrupted = interrupted != null && interrupted.equals(release.symbolicName() + " " + release.version());
        return new FollowState(remote, channel, paused, knownGeneration, inFlight, applied, all, lastPoll, lastOutcome, channelNames,
                wasInterrupted ? null : interrupted, wasInterrupted ? 0 : interruptions);
    }

    FollowState polled(Instant when, String outcome, String names) {
        return new FollowState(remote, channel, paused, knownGeneration, inFlight, applied, failed, when, outcome,
                names != null ? names : channelNames, interrupted, interruptions);
    }

    Optional<FailedRelease> failure(String symbolicName, String version) {
        return failed.stream().filter(f -> f.symbolicName().equals(symbolicName) && f.version().equals(version)).findFirst();
    }
}
