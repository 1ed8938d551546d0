package gtach.provisioning.fleet.internal;

import gtach.provisioning.fleet.FleetException;
import gtach.provisioning.fleet.FleetService;
import gtach.provisioning.fleet.FollowStatus;
import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.remote.Remote;
import gtach.provisioning.repository.remote.RemoteRepositories;
import gtach.provisioning.update.UpdateService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The fleet service: follows one channel of one published remote, polling on a thread of its own
 * at the configured interval with jitter, so that a fleet does not poll in step. Polls, and the
 * operator's follow, unfollow, resume and retry, take turns; the update service serializes the
 * transactions themselves with any other request.
 */
@Component(service = FleetService.class, immediate = true, configurationPid = "gtach.provisioning.fleet")
@Designate(ocd = FleetComponent.Config.class)
public final class FleetComponent implements FleetService {

    @ObjectClassDefinition(name = "GTach fleet following")
    public @interface Config {
        @AttributeDefinition(min = "1", description = "Seconds between two polls of the followed channel, before jitter")
        int pollIntervalSeconds() default 900;

        @AttributeDefinition(min = "0", max = "50", description = "How far, in percent of the interval, each wait may be drawn"
                + " longer or shorter, so that a fleet does not poll in step")
        int jitterPercent() default 20;

        @AttributeDefinition(required = false, description = "Daily local hours within which following may change what"
                + " runs, HH:MM-HH:MM (such as 02:00-04:30); empty for any time")
        String maintenanceWindow() default "";

        @AttributeDefinition(required = false, description = "The device's id, which the rollout hashes; empty for the"
                + " random one made at the first start in <home>/state/device-id")
        String deviceId() default "";
    }

    /** The first poll after a start or a follow: soon, but not in step with the rest of the boot. */
    private static final Duration FIRST_POLL = Duration.ofSeconds(3);
    private static final Duration REPORT_EVERY = Duration.ofDays(1);
    private static final Duration REPORT_TIMEOUT = Duration.ofSeconds(30);

    private final RemoteRepositories remotes;
    private final UpdateService updates;
    private final Logger log;
    private final FollowStateFile file;
    private final Path stateDirectory;
    private final ReentrantLock turns = new ReentrantLock(true);
    private final ScheduledExecutorService scheduler;
    private final Clock clock = Clock.systemDefaultZone();
    private volatile Config config;
    private volatile MaintenanceWindow window;
    private volatile String deviceId;
    private volatile FollowState state;
    private volatile String stateProblem;
    private volatile Instant nextPoll;
    private ScheduledFuture<?> scheduled;
    private Instant lastReport;

    @Activate
    public FleetComponent(BundleContext context, Config config, @Reference RemoteRepositories remotes,
            @Reference UpdateService updates, @Reference(service = LoggerFactory.class) Logger log) throws IOException {
        this.remotes = remotes;
        this.updates = updates;
        this.log = log;
        this.stateDirectory = home(context).resolve("state");
        this.file = new FollowStateFile(stateDirectory);
        configure(config);
        FollowState kept;
        try {
            kept = file.read();
        } catch (IOException e) {
            // following stays off rather than guess; the operator sees why and can follow again
            stateProblem = e.getMessage() + " Following is off until gtach:follow is given again.";
            log.error(stateProblem);
            kept = FollowState.NOTHING;
        }
        state = kept;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "gtach-fleet-poll");
            thread.setDaemon(true);
            return thread;
        });
        // a poll due later must not hold up a stop: only one already running is waited for
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        scheduler = executor;
        if (state.following()) {
            schedule(FIRST_POLL);
        }
    }

    private void configure(Config next) throws IOException {
        MaintenanceWindow parsed;
        try {
            parsed = MaintenanceWindow.parse(next.maintenanceWindow());
        } catch (IllegalArgumentException e) {
            log.error("{} Following changes what runs at any time until it is corrected.", e.getMessage());
            parsed = MaintenanceWindow.ALWAYS;
        }
        String id = next.deviceId();
        if (id != null && !id.isBlank() && !DeviceId.valid(id.trim())) {
            log.error("The configured device id \"{}\" is refused: only letters, digits, '.', '_' and '-' may be in it;"
                    + " the kept one is used.", id);
            id = "";
        }
        deviceId = DeviceId.of(id, stateDirectory);
        window = parsed;
        config = next;
    }

    @Modified
    void modified(Config next) throws IOException {
        configure(next);
        turns.lock();
        try {
            if (state.following()) {
                schedule(interval());
            }
        } finally {
            turns.unlock();
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        // a poll in the middle of a transaction finishes it: the update service's lock and journal keep it whole
        scheduler.shutdown();
        if (!scheduler.awaitTermination(2, TimeUnit.MINUTES)) {
            log.warn("A poll of the followed channel did not end within 2 minutes of the fleet service stopping.");
        }
    }

    @Override
    public FollowStatus follow(String remote, String channel) throws FleetException {
        String refused = "Cannot follow channel " + channel + " of remote " + remote + ": ";
        if (channel == null || !channel.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
            throw new FleetException(refused + "a channel name has lower-case letters, digits, '.', '_' and '-'; nothing was changed.");
        }
        Remote known;
        try {
            known = remotes.list().stream().filter(r -> r.name().equals(remote)).findFirst()
                    .orElseThrow(() -> new FleetException(refused + "no such remote (gtach:remote list names them); nothing was changed."));
        } catch (RepositoryException e) {
            throw new FleetException(refused + e.getMessage(), e);
        }
        if (known.kind() != Remote.Kind.PUBLISHED) {
            throw new FleetException(refused + "it is a Maven repository, which has no channels; nothing was changed.");
        }
        return change(current -> current.following(remote, channel, updates.current().number()), FIRST_POLL);
    }

    @Override
    public FollowStatus unfollow() throws FleetException {
        if (!state.following()) {
            throw new FleetException("Cannot unfollow: this device follows no channel; nothing was changed.");
        }
        return change(current -> FollowState.NOTHING, null);
    }

    @Override
    public FollowStatus resume() throws FleetException {
        if (!state.following()) {
            throw new FleetException("Cannot resume following: this device follows no channel (gtach:follow <remote> <channel>).");
        }
        return change(current -> current.resumedAt(updates.current().number()), FIRST_POLL);
    }

    @Override
    public FollowStatus retry() throws FleetException {
        if (!state.following()) {
            throw new FleetException("Cannot retry: this device follows no channel (gtach:follow <remote> <channel>).");
        }
        change(FollowState::withoutFailures, null);
        return poll();
    }

    @Override
    public FollowStatus poll() throws FleetException {
        if (!state.following()) {
            throw new FleetException("Cannot poll: this device follows no channel (gtach:follow <remote> <channel>).");
        }
        turns.lock();
        try {
            pollOnce();
            return status();
        } finally {
            turns.unlock();
        }
    }

    @Override
    public FollowStatus status() {
        FollowState now = state;
        Optional<String> running = Optional.ofNullable(now.channelNames()).flatMap(names -> {
            String name = names.substring(0, names.indexOf(' '));
            return updates.current().bundles().stream().filter(b -> b.symbolicName().equals(name))
                    .map(b -> name + " " + b.version()).findFirst();
        });
        Optional<String> outcome = Optional.ofNullable(stateProblem != null && !now.following() ? stateProblem : now.lastOutcome());
        return new FollowStatus(deviceId, Optional.ofNullable(now.remote()), Optional.ofNullable(now.channel()), running,
                Optional.ofNullable(now.channelNames()), Optional.ofNullable(now.lastPoll()), outcome,
                Optional.ofNullable(now.paused()), now.failed(), now.following() ? Optional.ofNullable(nextPoll) : Optional.empty(),
                window.toString());
    }

    /** A change the operator asked for: kept, then the next poll scheduled (or none when {@code next} is null). */
    private FollowStatus change(java.util.function.UnaryOperator<FollowState> how, Duration next) throws FleetException {
        turns.lock();
        try {
            FollowState changed = how.apply(state);
            try {
                file.write(changed);
            } catch (IOException e) {
                throw new FleetException("Cannot keep the follow state in " + file.path() + ": " + e.getMessage()
                        + "; nothing was changed.", e);
            }
            state = changed;
            stateProblem = null;
            if (!changed.following()) {
                cancel();
            } else if (next != null) {
                schedule(next);
            }
            return status();
        } finally {
            turns.unlock();
        }
    }

    private void pollOnce() {
        FollowState before = state;
        FollowState after;
        try {
            after = new ChannelPoll(remotes, updates, deviceId, window, clock).run(before, kept -> {
                file.write(kept);
                state = kept;
            });
        } catch (IOException | RuntimeException e) {
            // what it may have kept as in flight is dropped: the JVM did not stop, and the update service says what runs
            after = before.polled(clock.instant(), "the poll failed: " + e.getMessage(), null);
        }
        // an idle poll changes only its time: not worth a forced write every few minutes on a Pi's SD card
        boolean onlyTheTime = after.equals(before.polled(after.lastPoll(), after.lastOutcome(), after.channelNames()))
                && java.util.Objects.equals(after.lastOutcome(), before.lastOutcome());
        if (!onlyTheTime) {
            try {
                file.write(after);
            } catch (IOException e) {
                log.error("Cannot keep the follow state in {}: {}", file.path(), e.getMessage());
            }
        }
        if (!java.util.Objects.equals(after.lastOutcome(), before.lastOutcome())) {
            log.info("Following {} of remote {}: {}", after.channel(), after.remote(), after.lastOutcome());
        }
        state = after;
        report(before, after);
        if (after.following()) {
            schedule(interval());
        }
    }

    /**
     * Sends the device's report when the release names a report URL: after every change (a new
     * generation, a failed release, a pause) and at least once a day. A report that cannot be sent
     * is logged; it changes nothing else.
     */
    private void report(FollowState before, FollowState after) {
        if (!after.following()) {
            return;
        }
        boolean changed = before.knownGeneration() != after.knownGeneration() || !before.failed().equals(after.failed())
                || !java.util.Objects.equals(before.paused(), after.paused());
        Instant now = clock.instant();
        if (!changed && lastReport != null && lastReport.isAfter(now.minus(REPORT_EVERY))) {
            return;
        }
        try {
            Optional<String> url = remotes.release(after.remote()).map(r -> r.reportUrl());
            if (url.isEmpty() || url.get() == null) {
                return;
            }
            URI target = DeviceReport.target(url.get(), deviceId);
            Remote remote = remotes.list().stream().filter(r -> r.name().equals(after.remote())).findFirst().orElse(null);
            boolean loopback = "127.0.0.1".equals(target.getHost()) || "localhost".equals(target.getHost())
                    || "[::1]".equals(target.getHost());
            if (!"https".equals(target.getScheme()) && !loopback && (remote == null || !remote.insecure())) {
                log.warn("No report is sent to {}: plain http is used only on loopback unless the remote was added with --insecure.",
                        target);
                return;
            }
            DeviceReport.put(target, DeviceReport.json(now, updates.current(), status()), REPORT_TIMEOUT);
            lastReport = now;
        } catch (IOException | RepositoryException | RuntimeException e) {
            log.warn("The device's report could not be sent: {}", e.getMessage());
        }
    }

    private void scheduledPoll() {
        turns.lock();
        try {
            if (state.following()) {
                pollOnce();
            }
        } catch (RuntimeException e) {
            log.error("A poll of the followed channel failed: {}", e.toString());
            schedule(interval());
        } finally {
            turns.unlock();
        }
    }

    /** The wait before the next poll: the interval, drawn up to the jitter longer or shorter. */
    private Duration interval() {
        Config current = config;
        long millis = Duration.ofSeconds(Math.max(1, current.pollIntervalSeconds())).toMillis();
        double jitter = Math.max(0, Math.min(50, current.jitterPercent())) / 100.0;
        double factor = 1 + jitter * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
        return Duration.ofMillis(Math.max(100, Math.round(millis * factor)));
    }

    private void schedule(Duration delay) {
        cancel();
        if (scheduler.isShutdown()) {
            return;
        }
        nextPoll = clock.instant().plus(delay);
        scheduled = scheduler.schedule(this::scheduledPoll, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancel() {
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
        nextPoll = null;
    }

    /** The GTach home as the launcher defines it: its framework property, else the same defaults. */
    private static Path home(BundleContext context) {
        String home = context.getProperty("gtach.home");
        if (home == null || home.isBlank()) {
            home = System.getenv("GTACH_HOME");
        }
        return home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".gtach") : Path.of(home);
    }
}
