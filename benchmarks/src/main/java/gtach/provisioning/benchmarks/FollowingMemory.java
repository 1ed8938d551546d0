package gtach.provisioning.benchmarks;

import gtach.provisioning.testing.NginxServer;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resident memory that following a channel adds to a device runtime ({@code gtach.jar}). Each
 * round starts three runtimes side by side, with the same JVM options (by default
 * {@code -Xms64m -Xmx64m}, as on a Pi), each on a fresh home with the remote added,
 * {@code pollIntervalSeconds=1} and the channel's package installed:
 * <ul>
 * <li>(a) baseline: the fleet bundle stopped, the package installed by {@code gtach:install};</li>
 * <li>(b) the fleet bundle active, following nothing, the package installed the same way;</li>
 * <li>(c) following channel {@code stable}, which moved it to the package, and then at least
 * {@value #IDLE_POLLS} polls answered 304.</li>
 * </ul>
 * Then it samples the three in turn at the same age: VmRSS first, then a full GC ({@code jcmd
 * GC.run}) and {@code GC.heap_info} for the heap used after it and Metaspace, and the thread count.
 * The remote is published by {@code gtach.jar publish} and served by nginx on loopback, as in
 * {@link FleetConvergence}. Arguments: the number of rounds (3), then JVM options replacing the
 * default ones; with {@code -XX:NativeMemoryTracking=summary} among them it also prints what the
 * JVM committed by category, to tell what the difference is made of. Not a JMH benchmark: each
 * runtime is a JVM of its own.
 */
public final class FollowingMemory {

    private static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms64m", "-Xmx64m");
    private static final int IDLE_POLLS = 120;
    private static final int SAMPLES = 5;
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(2);
    private static final Duration DEADLINE = Duration.ofMinutes(6);
    private static final String FLEET = "gtach.provisioning.fleet";
    private static final Pattern IDLE_POLL = Pattern.compile("\"GET /release\\.json HTTP/1\\.1\" 304 ");
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
    private static final Pattern METASPACE_USED = Pattern.compile("Metaspace\\s+used (\\d+)K");
    private static final Pattern NATIVE_CATEGORY = Pattern.compile("(?m)^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)");
    private static final Pattern NATIVE_TOTAL = Pattern.compile("(?m)^Total: reserved=\\d+KB, committed=(\\d+)KB");

    enum Configuration {
        BASELINE("(a) fleet bundle stopped"),
        ACTIVE("(b) fleet bundle active, following nothing"),
        FOLLOWING("(c) following, " + IDLE_POLLS + "+ idle polls");

        final String label;

        Configuration(String label) {
            this.label = label;
        }
    }

    /**
     * One sample of one runtime, in KB but the thread count; {@code nativeKb} is what Native Memory
     * Tracking says is committed, by category, when the runtime was started with it, else empty.
     */
    record Sample(long residentKb, long heapAfterGcKb, long metaspaceKb, long threads, Map<String, Long> nativeKb) {
    }

    private FollowingMemory() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<String> jvmOptions = args.length > 1 ? List.of(Arrays.copyOfRange(args, 1, args.length)) : DEFAULT_JVM_OPTIONS;
        Properties paths = new Properties();
        try (InputStream in = FollowingMemory.class.getResourceAsStream("/benchmark-paths.properties")) {
            paths.load(in);
        }
        Path jar = Path.of(paths.getProperty("gtach.jar"));
        Path work = Files.createTempDirectory("gtach-following-memory");
        Map<Configuration, List<Sample>> samples = new EnumMap<>(Configuration.class);
        List<String> polls = new ArrayList<>();
        try {
            FleetConvergence.gtach(jar, work, "keygen", "fleet", "--to", work.toString());
            FleetConvergence.bundle(work.resolve("v1/bench.jar"), "1.0.0");
            Path site = work.resolve("site");
            FleetConvergence.publish(jar, work, site, work.resolve("v1"), "1.0.0");
            try (NginxServer nginx = NginxServer.serving(site).start()) {
                for (int round = 0; round < rounds; round++) {
                    Round result = new Round(jar, work.resolve("round-" + round), jvmOptions, nginx, work.resolve("fleet.pub"));
                    try {
                        // rotated, so that no configuration always starts first on the two cores
                        List<Configuration> order = rotated(round);
                        result.start(order);
                        polls.add(result.followAndIdle());
                        result.sample(order, samples);
                    } finally {
                        result.stop();
                    }
                    System.out.printf("round %d of %d done%n", round + 1, rounds);
                }
            }
        } finally {
            PublishedSite.deleteTree(work);
        }
        report(jvmOptions, rounds, samples, polls);
    }

    private static List<Configuration> rotated(int round) {
        List<Configuration> order = new ArrayList<>(List.of(Configuration.values()));
        Collections.rotate(order, round);
        return order;
    }

    /** The three runtimes of one round, each on a home of its own. */
    private static final class Round {
        private final Path jar;
        private final Path directory;
        private final List<String> jvmOptions;
        private final NginxServer nginx;
        private final Path key;
        private final Map<Configuration, Process> runtimes = new EnumMap<>(Configuration.class);

        Round(Path jar, Path directory, List<String> jvmOptions, NginxServer nginx, Path key) {
            this.jar = jar;
            this.directory = directory;
            this.jvmOptions = jvmOptions;
            this.nginx = nginx;
            this.key = key;
        }

        Path home(Configuration configuration) {
            return directory.resolve(configuration.name().toLowerCase());
        }

        void start(List<Configuration> order) throws Exception {
            for (Configuration configuration : order) {
                runtimes.put(configuration, FleetConvergence.launch(jar, home(configuration), jvmOptions));
            }
            for (Configuration configuration : order) {
                Path home = home(configuration);
                FleetConvergence.awaitReady(home);
                FleetConvergence.cmd(jar, home, "gtach:config " + FLEET + " pollIntervalSeconds=1 deviceId=" + configuration.name().toLowerCase());
                FleetConvergence.cmd(jar, home, "gtach:remote add --key " + key + " fleet " + nginx.url("/"));
            }
            Path baseline = home(Configuration.BASELINE);
            FleetConvergence.cmd(jar, baseline, "stop " + FLEET);
            for (Configuration configuration : List.of(Configuration.BASELINE, Configuration.ACTIVE)) {
                Path home = home(configuration);
                FleetConvergence.cmd(jar, home, "gtach:fetch fleet");
                FleetConvergence.cmd(jar, home, "gtach:install " + FleetConvergence.NAME + " 1.0.0");
            }
        }

        /**
         * Follows the channel on (c), waits until it moved to what the channel names and then for
         * {@value #IDLE_POLLS} polls answered 304 (it alone polls), and returns what nginx served it.
         */
        String followAndIdle() throws Exception {
            Path home = home(Configuration.FOLLOWING);
            long offset = nginx.accessLog().lines().count();
            FleetConvergence.cmd(jar, home, "gtach:follow fleet stable");
            FleetConvergence.awaitAll(List.of(home), "1.0.0");
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            long idle = 0;
            List<String> served = List.of();
            while (idle < IDLE_POLLS) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Only " + idle + " idle polls within " + DEADLINE + " on " + home);
                }
                Thread.sleep(1_000);
                served = nginx.accessLog().lines().skip(offset).toList();
                idle = served.stream().filter(line -> IDLE_POLL.matcher(line).find()).count();
            }
            long all = served.size();
            return all + " requests, " + idle + " of them GET /release.json answered 304";
        }

        void sample(List<Configuration> order, Map<Configuration, List<Sample>> samples) throws Exception {
            require(Configuration.BASELINE, "Resolved");
            require(Configuration.ACTIVE, "Active");
            require(Configuration.FOLLOWING, "Active");
            Thread.sleep(SETTLE.toMillis());
            for (int i = 0; i < SAMPLES; i++) {
                for (Configuration configuration : order) {
                    Sample sample = sampleOf(runtimes.get(configuration).pid(), tracksNativeMemory(jvmOptions));
                    samples.computeIfAbsent(configuration, c -> new ArrayList<>()).add(sample);
                }
                Thread.sleep(SAMPLE_EVERY.toMillis());
            }
        }

        /** Fails unless the fleet bundle is in {@code state} and the channel's package runs on the home. */
        private void require(Configuration configuration, String state) throws Exception {
            Path home = home(configuration);
            String fleet = FleetConvergence.cmd(jar, home, "lb -s " + FLEET);
            String bench = FleetConvergence.cmd(jar, home, "lb -s " + FleetConvergence.NAME);
            if (!fleet.contains("|" + state + " ") || !bench.contains("Active") || !bench.contains("1.0.0")) {
                throw new IllegalStateException("On " + home + " the fleet bundle should be " + state + " and "
                        + FleetConvergence.NAME + " 1.0.0 active:\n" + fleet + bench);
            }
        }

        /** Stops every runtime of the round by its own process, SIGTERM first. */
        void stop() throws InterruptedException {
            for (Process runtime : runtimes.values()) {
                runtime.destroy();
            }
            for (Process runtime : runtimes.values()) {
                if (!runtime.waitFor(60, TimeUnit.SECONDS)) {
                    runtime.destroyForcibly();
                }
            }
        }
    }

    /**
     * VmRSS and the thread count as they are, then a full GC and the heap used after it, Metaspace
     * used and, with native memory tracking, what is committed by category.
     */
    private static Sample sampleOf(long pid, boolean nativeMemory) throws Exception {
        long resident = ResidentMemory.kilobytesOf(pid);
        long threads = threadsOf(pid);
        String heap = jcmd(pid, "GC.run") + jcmd(pid, "GC.heap_info");
        Map<String, Long> committed = new TreeMap<>();
        if (nativeMemory) {
            String summary = jcmd(pid, "VM.native_memory", "summary");
            Matcher category = NATIVE_CATEGORY.matcher(summary);
            while (category.find()) {
                committed.put(category.group(1).trim(), Long.parseLong(category.group(2)));
            }
            committed.put("Total", kilobytes(NATIVE_TOTAL, summary, pid));
        }
        return new Sample(resident, kilobytes(HEAP_USED, heap, pid), kilobytes(METASPACE_USED, heap, pid), threads, committed);
    }

    private static boolean tracksNativeMemory(List<String> jvmOptions) {
        return jvmOptions.stream().anyMatch(o -> o.startsWith("-XX:NativeMemoryTracking=") && !o.endsWith("=off"));
    }

    private static long threadsOf(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("Threads:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("No thread count for process " + pid);
    }

    private static long kilobytes(Pattern pattern, String text, long pid) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("jcmd " + pid + " printed no " + pattern + ":\n" + text);
        }
        return Long.parseLong(m.group(1));
    }

    private static String jcmd(long pid, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", line) + " failed: " + out);
        }
        return out;
    }

    private static void report(List<String> jvmOptions, int rounds, Map<Configuration, List<Sample>> samples, List<String> polls) {
        System.out.printf("%nJVM options %s, %d rounds of %d samples each; median (min to max) over all samples%n",
                String.join(" ", jvmOptions), rounds, SAMPLES);
        for (int i = 0; i < polls.size(); i++) {
            System.out.printf("round %d, (c) was served %s%n", i + 1, polls.get(i));
        }
        System.out.printf("%-46s %-24s %-24s %-24s %s%n", "", "VmRSS (MB)", "heap after GC (MB)", "Metaspace used (MB)", "threads");
        for (Configuration configuration : Configuration.values()) {
            List<Sample> of = samples.get(configuration);
            System.out.printf("%-46s %-24s %-24s %-24s %s%n", configuration.label, spread(of, Sample::residentKb),
                    spread(of, Sample::heapAfterGcKb), spread(of, Sample::metaspaceKb), threadSpread(of));
        }
        // differences of the round medians, so that each pair comes from runtimes that ran side by side
        for (Configuration configuration : List.of(Configuration.ACTIVE, Configuration.FOLLOWING)) {
            System.out.printf("%-46s %-24s %-24s %-24s%n", configuration.label.substring(0, 3) + " - (a), per round",
                    differences(samples, configuration, Sample::residentKb, rounds),
                    differences(samples, configuration, Sample::heapAfterGcKb, rounds),
                    differences(samples, configuration, Sample::metaspaceKb, rounds));
        }
        if (!samples.get(Configuration.BASELINE).get(0).nativeKb().isEmpty()) {
            System.out.printf("%nNative Memory Tracking, committed (MB), median over all samples%n%-28s %10s %10s %10s %10s %10s%n",
                    "category", "(a)", "(b)", "(c)", "(b) - (a)", "(c) - (a)");
            for (String category : samples.get(Configuration.BASELINE).get(0).nativeKb().keySet()) {
                ToLongFunction<Sample> value = sample -> sample.nativeKb().getOrDefault(category, 0L);
                long a = median(samples.get(Configuration.BASELINE).stream().mapToLong(value).sorted().toArray());
                long b = median(samples.get(Configuration.ACTIVE).stream().mapToLong(value).sorted().toArray());
                long c = median(samples.get(Configuration.FOLLOWING).stream().mapToLong(value).sorted().toArray());
                System.out.printf("%-28s %10.1f %10.1f %10.1f %+10.1f %+10.1f%n", category, mb(a), mb(b), mb(c), mb(b - a), mb(c - a));
            }
        }
    }

    private static String spread(List<Sample> of, ToLongFunction<Sample> value) {
        long[] sorted = of.stream().mapToLong(value).sorted().toArray();
        return String.format("%.1f (%.1f to %.1f)", mb(median(sorted)), mb(sorted[0]), mb(sorted[sorted.length - 1]));
    }

    private static String threadSpread(List<Sample> of) {
        long[] sorted = of.stream().mapToLong(Sample::threads).sorted().toArray();
        return median(sorted) + " (" + sorted[0] + " to " + sorted[sorted.length - 1] + ")";
    }

    /** The median over rounds of (median of the configuration in a round - median of (a) in the same round), and each. */
    private static String differences(Map<Configuration, List<Sample>> samples, Configuration configuration,
            ToLongFunction<Sample> value, int rounds) {
        long[] each = new long[rounds];
        for (int round = 0; round < rounds; round++) {
            each[round] = roundMedian(samples.get(configuration), round, value) - roundMedian(samples.get(Configuration.BASELINE), round, value);
        }
        long[] sorted = each.clone();
        Arrays.sort(sorted);
        StringBuilder perRound = new StringBuilder();
        for (long difference : each) {
            perRound.append(perRound.length() == 0 ? "" : ", ").append(String.format("%+.1f", mb(difference)));
        }
        return String.format("%+.1f [%s]", mb(median(sorted)), perRound);
    }

    private static long roundMedian(List<Sample> of, int round, ToLongFunction<Sample> value) {
        return median(of.subList(round * SAMPLES, (round + 1) * SAMPLES).stream().mapToLong(value).sorted().toArray());
    }

    private static long median(long[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double mb(long kilobytes) {
        return kilobytes / 1024.0;
    }
}
