package gtach.provisioning.itests;

import gtach.provisioning.itests.GtachProcess.Result;
import gtach.provisioning.itests.fixture.FixtureBundle;
import gtach.provisioning.itests.fixture.FixtureBundle.Behaviour;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The safety proof of hot updates: the runtime is killed with SIGKILL, as a power loss would, in the
 * middle of an update or a rollback, again and again; every restart must run exactly one committed
 * generation, the one before the interrupted attempt or the one it was making, and no bundle of the
 * other generation may start.
 * <p>
 * Half of the kills come right after the k-th persistence step the update service prints (with
 * {@code gtach.update.traceSteps}, pausing after each so the kill lands there), cycling through every
 * step; the other half at a random instant after the command was sent. A kill after the commit step
 * must keep the new generation, a kill paused at an earlier step must bring back the previous one.
 * {@code -Dgtach.crash.kills=N} sets how many kills (the default of 60 takes about four minutes on two
 * cores; the proof is run with 200), {@code -Dgtach.crash.seed} the random instants.
 */
class CrashProcessTest {

    private static final int KILLS = Integer.getInteger("gtach.crash.kills", 60);
    private static final long SEED = Long.getLong("gtach.crash.seed", 20251125L);
    private static final int STEP_PAUSE_MS = Integer.getInteger("gtach.crash.stepPauseMs", 200);
    private static final String STEP_LINE = "gtach.update step ";
    /** The step after which {@code state/current} durably names the new generation: the commit. */
    private static final String COMMIT_STEP = "current";

    private static final String LIB = "gtach.crash.lib";
    private static final String CONSUMER = "gtach.crash.consumer";
    private static final String LIB_PACKAGE = "gtach.provisioning.itests.fixture.lib";
    private static final String OLD = "1.0.0";
    private static final String NEW = "1.1.0";

    /** Where an update goes, and the command that makes it go there. */
    private enum Direction {
        UP("gtach:update --all", NEW), DOWN("gtach:rollback", OLD);

        final String command;
        final String target;

        Direction(String command, String target) {
            this.command = command;
            this.target = target;
        }
    }

    @TempDir
    Path temp;

    private Path home;
    private final List<String> jvmOptions = List.of("-Dgtach.update.traceSteps=true",
            "-Dgtach.update.stepPauseMs=" + STEP_PAUSE_MS);

    @Test
    void killedAnywhereInAnUpdateOrRollbackRestartsIntoOneWholeGeneration() throws Exception {
        home = temp.resolve("home");
        Path first = temp.resolve("first");
        Path second = temp.resolve("second");
        for (String version : List.of(OLD, NEW)) {
            Path dir = version.equals(OLD) ? first : second;
            FixtureBundle.bundle(LIB, version).exports(LIB_PACKAGE + ";version=" + version)
                    .behaviour(Behaviour.LOG_EVENTS).writeTo(dir);
            FixtureBundle.bundle(CONSUMER, version).imports(LIB_PACKAGE + ";version=\"[1,2)\"")
                    .behaviour(Behaviour.LOG_EVENTS).writeTo(dir);
        }

        GtachProcess runtime = GtachProcess.start(home, jvmOptions);
        try {
            runtime.awaitOutputLine("GTach runtime ready", GtachProcess.START_TIMEOUT);
            ok(runtime, "gtach:add " + first);
            long installEvents = eventsSize();
            ok(runtime, "gtach:install " + CONSUMER);
            assertThat(CrashGenerationFile.current(home)).isEqualTo(1);
            assertWhole(runtime, "After the first install", "", 0, 1, OLD, OLD, 1, installEvents);
            ok(runtime, "gtach:add " + second);

            // Uninterrupted once each way: the steps to kill at, and how long an attempt takes
            Map<Direction, List<String>> steps = new HashMap<>();
            Map<Direction, Long> durations = new HashMap<>();
            for (Direction direction : Direction.values()) {
                int before = CrashGenerationFile.current(home);
                long offset = runtime.outputSize();
                long events = eventsSize();
                long sent = System.nanoTime();
                CrashCommand command = CrashCommand.send(home, direction.command);
                Result result = command.await();
                durations.put(direction, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
                assertThat(result.status()).as("%s printed:%n%s", direction.command, result.out()).isZero();
                steps.put(direction, stepLines(command.lines(), runtime.outputFrom(offset)));
                assertThat(steps.get(direction)).as("step lines printed with gtach.update.traceSteps=true by %s:%n%s%n"
                        + "or by the runtime:%n%s", direction.command, result.out(), runtime.outputFrom(offset)).isNotEmpty();
                assertWhole(runtime, "After an uninterrupted " + direction.command, "", before, before + 1,
                        direction == Direction.UP ? OLD : NEW, direction.target, before + 1, events);
            }
            System.out.println("Steps of an update: " + steps.get(Direction.UP) + "; of a rollback: "
                    + steps.get(Direction.DOWN) + "; attempt durations in ms: " + durations);

            Random random = new Random(SEED);
            Map<Direction, Integer> stepKills = new HashMap<>();
            Map<String, Integer> killsPerStep = new TreeMap<>();
            long started = System.nanoTime();
            for (int kill = 1; kill <= KILLS; kill++) {
                int before = CrashGenerationFile.current(home);
                String running = CrashGenerationFile.read(home, before).bundles().stream()
                        .filter(b -> b.symbolicName().equals(CONSUMER)).findFirst().orElseThrow().version();
                Direction direction = running.equals(OLD) ? Direction.UP : Direction.DOWN;

                long offset = runtime.outputSize();
                CrashCommand sent = CrashCommand.send(home, direction.command);
                long sentAt = System.nanoTime();
                String instant;
                boolean stepKill = kill % 2 == 1;
                if (stepKill) {
                    List<String> known = steps.get(direction);
                    int k = stepKills.merge(direction, 1, Integer::sum) % known.size();
                    instant = awaitStep(runtime, offset, k, sent);
                    killsPerStep.merge(direction + " " + known.get(k), 1, Integer::sum);
                } else {
                    long delay = random.nextLong(durations.get(direction) + 1);
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, sentAt + TimeUnit.MILLISECONDS.toNanos(delay) - System.nanoTime()));
                    instant = delay + " ms after sending the command";
                }
                runtime.kill();
                String killedOutput = runtime.outputFrom(offset);
                runtime.close();
                Result interrupted = sent.await();
                // Once the commit step was printed the new generation must survive; a kill paused at an
                // earlier step must come back to the one before
                List<String> seen = stepLines(sent.lines(), killedOutput);
                boolean commitKnown = steps.get(direction).contains(COMMIT_STEP);
                Integer required = commitKnown && seen.contains(COMMIT_STEP) ? Integer.valueOf(before + 1)
                        : commitKnown && stepKill ? Integer.valueOf(before) : null;

                String what = "Kill " + kill + " of " + KILLS + " (" + direction.command + " from generation " + before
                        + ", versions " + running + ", killed " + instant + ")";
                String context = "\nThe command printed:\n" + interrupted.out()
                        + "\nThe killed runtime printed since the command:\n" + killedOutput;
                long events = eventsSize();
                runtime = GtachProcess.launch(home, jvmOptions);
                awaitReady(runtime, what, context);
                assertWhole(runtime, what, context, before, before + 1, running, direction.target, required, events);
            }
            long perKill = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) / Math.max(1, KILLS);
            System.out.println(KILLS + " kills, " + perKill + " ms per kill (kill, restart, checks); step kills per step: "
                    + killsPerStep);
            assertThat(runtime.stop()).isZero();
        } finally {
            runtime.close();
        }
    }

    /**
     * Waits until the attempt printed its k-th step line (0-based) and answers how the kill is
     * described; when the command ends first, the kill comes after it.
     */
    private static String awaitStep(GtachProcess runtime, long offset, int k, CrashCommand sent) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            boolean ended = sent.done();
            List<String> seen = stepLines(sent.lines(), runtime.outputFrom(offset));
            if (seen.size() > k) {
                return "right after step #" + (k + 1) + " \"" + seen.get(k) + "\" (steps seen: " + seen + ")";
            }
            if (ended) {
                return "after the command ended, having printed only the steps " + seen + " (step #" + (k + 1)
                        + " was the target)";
            }
            Thread.sleep(2);
        }
        throw new AssertionError("Step #" + (k + 1) + " was not printed within 60 s:\n" + sent.lines() + "\n"
                + runtime.outputFrom(offset));
    }

    /**
     * The steps an attempt printed so far: in the command's output when it runs in the command's
     * thread (Gogo redirects {@code System.out} there), else in the runtime's own output.
     */
    private static List<String> stepLines(List<String> commandOutput, String runtimeOutput) {
        List<String> lines = new ArrayList<>(commandOutput);
        lines.addAll(runtimeOutput.lines().toList());
        return lines.stream().filter(line -> line.startsWith(STEP_LINE))
                .map(line -> line.substring(STEP_LINE.length()).strip()).toList();
    }

    private static void awaitReady(GtachProcess runtime, String what, String context) throws Exception {
        try {
            // The command channel may answer before the application start level is reached
            runtime.awaitOutputLine("GTach runtime ready", GtachProcess.START_TIMEOUT);
            if (runtime.cmd("gtach:status").status() != 0) {
                throw new AssertionError("gtach:status failed after the restart:\n" + runtime.output());
            }
        } catch (AssertionError e) {
            throw new AssertionError(what + ": the runtime did not come back.\n" + e.getMessage() + context, e);
        }
    }

    /**
     * The state after an attempt from generation {@code before}: current is {@code before} with the
     * versions {@code from}, or {@code after} with the versions {@code to}; exactly its bundles run,
     * with its JARs; and every bundle started since {@code eventsOffset} belongs to it.
     *
     * @param required the one of the two that must be current, or null when either may be
     */
    private void assertWhole(GtachProcess runtime, String what, String context, int before, int after, String from,
            String to, Integer required, long eventsOffset) throws Exception {
        int current = CrashGenerationFile.current(home);
        if (current != before && current != after) {
            throw new AssertionError(what + ": state/current names generation " + current + ", neither " + before
                    + " (before) nor " + after + " (the attempt)" + context);
        }
        if (required != null && current != required) {
            throw new AssertionError(what + ": state/current names generation " + current + " but must name "
                    + required + (required == after ? ": the attempt had printed its commit step \"" + COMMIT_STEP + "\""
                    : ": the attempt was killed before its commit step \"" + COMMIT_STEP + "\"") + context);
        }
        CrashGenerationFile generation = CrashGenerationFile.read(home, current);
        String version = current == before ? from : to;
        Set<String> expectedNames = Set.of(LIB + " " + version, CONSUMER + " " + version);
        Set<String> names = generation.bundles().stream().map(b -> b.symbolicName() + " " + b.version())
                .collect(Collectors.toSet());
        if (!names.equals(expectedNames)) {
            throw new AssertionError(what + ": generation " + current + " should hold " + new TreeSet<>(expectedNames)
                    + " but holds " + new TreeSet<>(names) + ":\n" + generation.json() + context);
        }

        Set<CrashBundle> expected = new TreeSet<>(generation.bundles());
        Set<CrashBundle> running = new TreeSet<>(CrashRunningBundles.read(runtime, home));
        if (!running.equals(expected)) {
            throw new AssertionError(what + ": generation " + current + " is not what runs." + diff(expected, running)
                    + "\nThe restarted runtime printed:\n" + runtime.output() + context);
        }

        Set<String> allowed = expected.stream().map(CrashBundle::startEvent).collect(Collectors.toSet());
        List<String> foreign = new ArrayList<>();
        for (String line : eventsSince(eventsOffset)) {
            if (line.startsWith("start ") && !allowed.contains(line)) {
                foreign.add(line);
            }
        }
        if (!foreign.isEmpty()) {
            throw new AssertionError(what + ": bundles outside generation " + current + " " + expected
                    + " started since the restart: " + foreign + "\napp-events.log since the restart: "
                    + eventsSince(eventsOffset) + "\nThe restarted runtime printed:\n" + runtime.output() + context);
        }
    }

    private static String diff(Set<CrashBundle> expected, Set<CrashBundle> running) {
        Set<CrashBundle> missing = new TreeSet<>(expected);
        missing.removeAll(running);
        Set<CrashBundle> unexpected = new TreeSet<>(running);
        unexpected.removeAll(expected);
        return "\n  in the generation, not running as such: " + missing + "\n  running, not in the generation: "
                + unexpected;
    }

    private long eventsSize() throws IOException {
        Path log = home.resolve("app-events.log");
        return Files.exists(log) ? Files.size(log) : 0;
    }

    private List<String> eventsSince(long offset) throws IOException {
        Path log = home.resolve("app-events.log");
        if (!Files.exists(log)) {
            return List.of();
        }
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                StandardCharsets.UTF_8).lines().toList();
    }

    private static void ok(GtachProcess runtime, String line) throws Exception {
        Result result = runtime.cmd(line);
        assertThat(result.status()).as("gtach.jar cmd '%s' printed:%n%s", line, result.out()).isZero();
    }
}
