package gtach.provisioning.fleet.internal;

import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.remote.Channel;
import gtach.provisioning.repository.remote.FetchResult;
import gtach.provisioning.repository.remote.ReleaseMetadata;
import gtach.provisioning.repository.remote.RemoteRepositories;
import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.DownloadFailedException;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.GenerationChangedException;
import gtach.provisioning.update.ManagedBundle;
import gtach.provisioning.update.UpdateException;
import gtach.provisioning.update.UpdateRefusedException;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.update.UpdateResult;
import gtach.provisioning.update.UpdateService;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One poll's decisions, against a remote and an update service that record what they are asked. */
class ChannelPollTest {

    private static final String APP = "gtach.example.app";
    private static final Instant NOON = Instant.parse("2026-12-05T12:00:00Z");

    private final List<UpdateRequest> requests = new ArrayList<>();
    private final List<FollowState> kept = new ArrayList<>();
    private Generation current = new Generation(0, NOON, "nothing yet", List.of());
    private List<Attempt> history = List.of();
    private Channel channel = new Channel("stable", APP, "1.1.0", 100);
    private UpdateException failure;
    private RepositoryException fetchFailure;
    private MaintenanceWindow window = MaintenanceWindow.ALWAYS;
    private Instant expires = NOON.plusSeconds(86400);
    private Generation operatorsTurn;
    private boolean dies;

    /** Stands for the JVM halting in the middle of an update: nothing after it runs. */
    private static final class JvmStopped extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private FollowState poll(FollowState state) throws Exception {
        return new ChannelPoll(remotes(), updates(), "device-7", window, Clock.fixed(NOON, ZoneOffset.UTC))
                .run(state, kept::add);
    }

    private static FollowState following() {
        return FollowState.NOTHING.following("fleet", "stable", 0);
    }

    private static Generation running(int number, String cause, String version) {
        return new Generation(number, NOON, cause, List.of(new ManagedBundle(APP, version, "0".repeat(64),
                "gtach:app:" + APP, 100, true, true)));
    }

    @Test
    void aChannelNamingAnotherVersionIsInstalledExactlyAsAnOperatorWould() throws Exception {
        FollowState after = poll(following());

        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo(UpdateRequest.Action.INSTALL);
            assertThat(r.packages().get(0).name()).isEqualTo(APP);
            assertThat(r.packages().get(0).range().orElseThrow().toOsgiRange().isExact()).isTrue();
            assertThat(r.packages().get(0).range().orElseThrow().toOsgiRange().getLeft()).hasToString("1.1.0");
        });
        assertThat(kept).singleElement().satisfies(s -> assertThat(s.inFlight()).isEqualTo(APP + " 1.1.0"));
        assertThat(after.lastOutcome()).isEqualTo("moved to " + APP + " 1.1.0: generation 1.");
        assertThat(after.knownGeneration()).isEqualTo(1);
        assertThat(after.applied()).isEqualTo(APP + " 1.1.0");
        assertThat(after.inFlight()).isNull();
        assertThat(after.channelNames()).isEqualTo(APP + " 1.1.0 (100 %)");
    }

    @Test
    void aDeviceThatRunsWhatTheChannelNamesChangesNothing() throws Exception {
        current = running(1, "install", "1.1.0");

        FollowState after = poll(following().known(1));

        assertThat(requests).isEmpty();
        assertThat(after.lastOutcome()).isEqualTo("runs " + APP + " 1.1.0, as channel stable names.");
    }

    @Test
    void aFailedReleaseIsRememberedNotTriedAgainAndANewerOneIs() throws Exception {
        current = running(1, "install", "1.1.0");
        channel = new Channel("stable", APP, "1.2.0", 100);
        failure = new UpdateException("gtach.example.display 1.0.0 did not verify; generation 1 runs again.");

        FollowState failed = poll(following().known(1));

        assertThat(failed.failed()).singleElement().satisfies(f -> {
            assertThat(f.version()).isEqualTo("1.2.0");
            assertThat(f.reason()).isEqualTo(failure.getMessage());
        });
        assertThat(failed.lastOutcome()).startsWith(APP + " 1.2.0 failed, and what ran before runs again: ");

        FollowState again = poll(failed);
        assertThat(requests).hasSize(1);
        assertThat(again.lastOutcome()).contains("is not tried again until the channel names another version");

        failure = null;
        channel = new Channel("stable", APP, "1.3.0", 100);
        FollowState moved = poll(again);
        assertThat(requests).hasSize(2);
        assertThat(moved.lastOutcome()).isEqualTo("moved to " + APP + " 1.3.0: generation 2.");
    }

    @Test
    void aWithdrawnReleaseIsLeftForTheVersionTheChannelNamesNow() throws Exception {
        current = running(2, "update", "1.3.0");
        channel = new Channel("stable", APP, "1.1.0", 100);

        FollowState after = poll(following().known(2));

        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo(UpdateRequest.Action.UPDATE);
            assertThat(r.downgrade()).isTrue();
        });
        assertThat(after.lastOutcome()).isEqualTo("returned to " + APP + " 1.1.0: generation 3.");
    }

    @Test
    void anOperatorsChangePausesFollowingAndNothingIsAsked() throws Exception {
        current = running(5, "update gtach.example.app 1.0.0", "1.0.0");

        FollowState after = poll(following().known(4));

        assertThat(requests).isEmpty();
        assertThat(after.paused()).isEqualTo("generation 5 (update gtach.example.app 1.0.0) was not made by following;"
                + " gtach:follow --resume follows the channel again");
        assertThat(poll(after).lastOutcome()).startsWith("paused: ");
        assertThat(requests).isEmpty();
    }

    @Test
    void aGenerationCommittedDuringACrashOfItsOwnUpdateIsTakenAsItsOwn() throws Exception {
        current = running(1, "install", "1.1.0");

        FollowState after = poll(following().applying(APP + " 1.1.0"));

        assertThat(after.paused()).isNull();
        assertThat(after.knownGeneration()).isEqualTo(1);
        assertThat(after.applied()).isEqualTo(APP + " 1.1.0");
        assertThat(requests).isEmpty();
    }

    @Test
    void aReleaseTheBootGuardAbandonedIsRememberedAsFailed() throws Exception {
        current = running(3, "automatic rollback to 1", "1.1.0");
        history = List.of(new Attempt(3, NOON, "automatic rollback to 1", List.of(), Attempt.Outcome.ROLLED_BACK,
                "generation 2 did not start in 3 boots"));
        channel = new Channel("stable", APP, "1.2.0", 100);

        FollowState after = poll(following().moved(APP + " 1.2.0", 2));

        assertThat(after.paused()).isNull();
        assertThat(after.failure(APP, "1.2.0")).hasValueSatisfying(f -> assertThat(f.reason())
                .isEqualTo("generation 2 did not start in 3 boots"));
        assertThat(requests).isEmpty();
    }

    @Test
    void aDeviceOutsideTheRolloutOrTheWindowWaitsAndAFailedDownloadIsNotAFailedRelease() throws Exception {
        channel = new Channel("stable", APP, "1.1.0", 0);
        assertThat(poll(following()).lastOutcome()).isEqualTo(APP + " 1.1.0 is rolled out to 0 % of the devices, and this device"
                + " (place " + Rollout.place("device-7", "fleet", "stable", APP, "1.1.0") + " of 100) is not among them yet.");

        channel = new Channel("stable", APP, "1.1.0", 100);
        window = MaintenanceWindow.parse("02:00-04:00");
        assertThat(poll(following()).lastOutcome()).isEqualTo(APP + " 1.1.0 waits for the maintenance window (02:00-04:00).");
        assertThat(requests).isEmpty();

        window = MaintenanceWindow.ALWAYS;
        failure = new DownloadFailedException("Cannot install gtach.example.app: downloading gtach.example.app 1.1.0 from remote"
                + " fleet failed (the server refused the connection); nothing running was changed.");
        FollowState after = poll(following());
        assertThat(after.failed()).isEmpty();
        assertThat(after.lastOutcome()).isEqualTo(failure.getMessage());
    }

    @Test
    void aFetchThatFailsChangesNothing() throws Exception {
        fetchFailure = new RepositoryException("Cannot fetch remote fleet after 3 attempts: connection refused; nothing was changed.");

        FollowState after = poll(following());

        assertThat(requests).isEmpty();
        assertThat(after.lastOutcome()).isEqualTo("the fetch failed, what runs is unchanged: " + fetchFailure.getMessage());
    }

    @Test
    void aKeptReleaseThatExpiredIsNoGroundForAChange() throws Exception {
        expires = NOON;

        FollowState after = poll(following());

        assertThat(requests).isEmpty();
        assertThat(after.failed()).isEmpty();
        assertThat(after.lastOutcome()).isEqualTo("release 7 of remote fleet expired at " + NOON
                + "; what runs is unchanged until the publisher signs a new one.");
    }

    @Test
    void anOperatorsChangeCommittedWhileThePollWaitedForItsTurnStandsAndPausesFollowing() throws Exception {
        current = running(1, "install", "1.0.0");
        operatorsTurn = running(2, "update gtach.example.app 1.2.0", "1.2.0");

        FollowState after = poll(following().known(1));

        assertThat(requests).hasSize(1);
        assertThat(current.number()).isEqualTo(2);
        assertThat(after.failed()).isEmpty();
        assertThat(after.paused()).isEqualTo("generation 2 (update gtach.example.app 1.2.0) was not made by following;"
                + " gtach:follow --resume follows the channel again");
        assertThat(after.lastOutcome()).isEqualTo("Cannot update " + APP + " 1.1.0: it was made for generation 1, but generation 2"
                + " is current now, made while it waited for its turn; nothing was changed.");
    }

    @Test
    void aReleaseDuringWhoseUpdateTheRuntimeStoppedIsTriedAgainAndRememberedAsFailedTheThirdTime() throws Exception {
        current = running(1, "install", "1.0.0");
        dies = true;
        FollowState state = following().known(1);
        for (int start = 0; start < ChannelPoll.INTERRUPTIONS_TO_FAIL; start++) {
            FollowState before = state;
            assertThatThrownBy(() -> poll(before)).isInstanceOf(JvmStopped.class);
            // the next start reads what the poll kept before the runtime stopped
            state = kept.get(kept.size() - 1);
            assertThat(state.inFlight()).isEqualTo(APP + " 1.1.0");
            assertThat(state.interruptions()).isEqualTo(start);
            assertThat(state.failed()).isEmpty();
        }

        FollowState failed = poll(state);

        assertThat(requests).hasSize(ChannelPoll.INTERRUPTIONS_TO_FAIL);
        assertThat(failed.failure(APP, "1.1.0")).hasValueSatisfying(f -> assertThat(f.reason())
                .isEqualTo("the runtime stopped 3 times in a row while it was being applied, and generation 1 runs again"));
        assertThat(failed.interrupted()).isNull();
        assertThat(failed.inFlight()).isNull();
        assertThat(failed.lastOutcome()).contains("is not tried again until the channel names another version");
    }

    @Test
    void aReleaseInterruptedOnceAndThenCommittedStartsTheCountAfresh() throws Exception {
        current = running(1, "install", "1.0.0");

        FollowState after = poll(following().known(1).applying(APP + " 1.1.0"));

        assertThat(after.applied()).isEqualTo(APP + " 1.1.0");
        assertThat(after.interrupted()).isNull();
        assertThat(after.interruptions()).isZero();
    }

    private RemoteRepositories remotes() {
        return (RemoteRepositories) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {RemoteRepositories.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "fetch" -> {
                        if (fetchFailure != null) {
                            throw fetchFailure;
                        }
                        yield new FetchResult("fleet", release(), 9);
                    }
                    case "release" -> Optional.of(release());
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private ReleaseMetadata release() {
        return new ReleaseMetadata(7, NOON.minusSeconds(86400), expires, "index-7.xml.gz", "0".repeat(64), 100, "k",
                List.of(channel), null);
    }

    private UpdateService updates() {
        return (UpdateService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {UpdateService.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "current" -> current;
                    case "history" -> history;
                    case "applyRequest" -> {
                        UpdateRequest request = (UpdateRequest) args[1];
                        requests.add(request);
                        if (operatorsTurn != null) {
                            // an operator's request had the turn first and committed
                            current = operatorsTurn;
                            operatorsTurn = null;
                        }
                        if ((int) args[0] != current.number()) {
                            throw new GenerationChangedException(request.toString(), (int) args[0], current.number());
                        }
                        if (failure != null) {
                            throw failure;
                        }
                        if (dies) {
                            throw new JvmStopped();
                        }
                        String version = request.packages().get(0).range().orElseThrow().toOsgiRange().getLeft().toString();
                        current = running(current.number() + 1, request.toString(), version);
                        yield new UpdateResult(current, current.number() - 1, List.of(), List.of());
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
