package gtach.provisioning.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.Version;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * A hot update through the update service (plan, stage, apply, verify, commit) against the raw
 * framework operations on the same bundles and against a JVM restart of the same bundle set, for
 * a leaf bundle, for a library with 10 and 100 dependents, and for the example application's
 * tachometer under its running display (see {@link AppBundles}).
 * <p>
 * Each trial starts one Felix in this JVM with the runtime's real bundle set on a new GTach home:
 * <ul>
 * <li>{@code update}: the application is installed through the update service; each operation
 * is {@code apply(update)} to 1.1.0, then back to 1.0.0 (a downgrade request), and so on.</li>
 * <li>{@code rollback}: the same, after one update; each operation is {@code rollback(PREVIOUS)}, which
 * alternates between the two versions.</li>
 * <li>{@code rawFramework}: the same JARs installed directly (locations {@code raw:<name>}, not
 * managed); each operation is {@code Bundle.update} + {@code refreshBundles} until
 * {@code PACKAGES_REFRESHED} + starting whatever is not active, what the framework itself must do.</li>
 * <li>{@code jvmRestart}: the managed home of {@code update}, with the embedded framework stopped;
 * each operation is SIGTERM to a {@code java -jar gtach.jar} on it, its exit, and the start of a
 * new one until it prints that it is ready.</li>
 * </ul>
 * Every operation checks that it left the other version running with every bundle active.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// Gogo leaves non-daemon session threads behind when its framework stops (the runtime exits the
// JVM instead); the fork need not wait JMH's default 30 s for them once the results are in.
@Fork(value = 1, jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.jline.terminal.dumb=true",
        "-Djmh.shutdownTimeout=0"})
public class UpdateBenchmark {

    private static final String MANAGED = "gtach:app:";
    private static final String RAW = "raw:";
    private static final long REFRESH_TIMEOUT_S = 60;

    @Param({"leaf", "library10", "library100", "example"})
    public String scenario;

    private String measured;
    private Path home;
    private Path gtachJar;
    private AppBundles app;
    private EmbeddedRuntime runtime;
    private ProvisioningServices services;
    private RuntimeProcess process;
    /** What each restarted runtime reported as its own start time, main method to ready. */
    private final List<Long> startMillis = new ArrayList<>();
    private boolean measuring;
    /** Whether the updated bundle runs its version 1.1.0. */
    private boolean onNew;

    @Setup(Level.Trial)
    public void prepare(BenchmarkParams params) throws Exception {
        measured = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        Properties paths = new Properties();
        try (InputStream in = UpdateBenchmark.class.getResourceAsStream("/benchmark-paths.properties")) {
            paths.load(in);
        }
        gtachJar = Path.of(paths.getProperty("gtach.jar"));
        home = Files.createTempDirectory("gtach-update-" + scenario + "-");
        Path generated = Files.createDirectories(home.resolve("generated"));
        app = AppBundles.generate(scenario, generated, Path.of(paths.getProperty("example.packages")));
        runtime = EmbeddedRuntime.start(home, Path.of(paths.getProperty("gtach.bundles")));
        if (measured.equals("rawFramework")) {
            installRaw();
            return;
        }
        services = ProvisioningServices.await(runtime.context());
        services.add(generated);
        for (String name : app.symbolicNames()) {
            services.install(name, "[1.0.0,1.0.0]");
        }
        expectRunning(MANAGED, AppBundles.OLD_VERSION);
        if (measured.equals("rollback")) {
            services.update(app.updated());
            onNew = true;
            expectRunning(MANAGED, AppBundles.NEW_VERSION);
        }
        if (measured.equals("jvmRestart")) {
            services.close();
            services = null;
            runtime.close();
            runtime = null;
        }
    }

    private void installRaw() throws IOException, BundleException {
        List<Path> jars = new ArrayList<>();
        jars.add(app.oldJar());
        jars.addAll(app.dependents());
        List<String> names = app.symbolicNames();
        List<Bundle> installed = new ArrayList<>();
        for (int i = 0; i < jars.size(); i++) {
            try (InputStream in = Files.newInputStream(jars.get(i))) {
                installed.add(runtime.context().installBundle(RAW + names.get(i), in));
            }
        }
        for (Bundle bundle : installed) {
            bundle.start();
        }
        expectRunning(RAW, AppBundles.OLD_VERSION);
    }

    @Setup(Level.Iteration)
    public void iteration(IterationParams params) {
        measuring = params.getType() == IterationType.MEASUREMENT;
    }

    @Setup(Level.Invocation)
    public void runningRuntime() throws IOException {
        if (measured.equals("jvmRestart") && process == null) {
            process = RuntimeProcess.start(gtachJar, home);
        }
    }

    @Benchmark
    @Warmup(iterations = 20)
    @Measurement(iterations = 100)
    public void update() {
        if (onNew) {
            services.downgrade(app.updated(), AppBundles.OLD_VERSION);
        } else {
            services.update(app.updated());
        }
        switched(MANAGED);
    }

    @Benchmark
    @Warmup(iterations = 20)
    @Measurement(iterations = 100)
    public void rollback() {
        services.rollback();
        switched(MANAGED);
    }

    @Benchmark
    @Warmup(iterations = 20)
    @Measurement(iterations = 100)
    public void rawFramework() throws Exception {
        Bundle bundle = runtime.bundle(RAW + app.updated());
        try (InputStream in = Files.newInputStream(onNew ? app.oldJar() : app.newJar())) {
            bundle.update(in);
        }
        refresh(bundle);
        for (String name : app.symbolicNames()) {
            Bundle refreshed = runtime.bundle(RAW + name);
            if (refreshed.getState() != Bundle.ACTIVE) {
                refreshed.start();
            }
        }
        switched(RAW);
    }

    private void refresh(Bundle bundle) throws InterruptedException {
        CountDownLatch refreshed = new CountDownLatch(1);
        AtomicReference<Throwable> error = new AtomicReference<>();
        runtime.wiring().refreshBundles(Set.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            } else if (event.getType() == FrameworkEvent.ERROR) {
                error.compareAndSet(null, event.getThrowable());
            }
        });
        if (!refreshed.await(REFRESH_TIMEOUT_S, TimeUnit.SECONDS)) {
            throw new IllegalStateException("No PACKAGES_REFRESHED within " + REFRESH_TIMEOUT_S + " s");
        }
        if (error.get() != null) {
            throw new IllegalStateException("The refresh failed", error.get());
        }
    }

    @Benchmark
    @Warmup(iterations = 3)
    @Measurement(iterations = 20)
    public void jvmRestart() throws IOException {
        process.stop();
        process = null;
        process = RuntimeProcess.start(gtachJar, home);
        if (measuring) {
            startMillis.add(process.startMillis());
        }
    }

    /** Records that the updated bundle changed version, and checks that it did. */
    private void switched(String locationPrefix) {
        onNew = !onNew;
        expectRunning(locationPrefix, onNew ? AppBundles.NEW_VERSION : AppBundles.OLD_VERSION);
    }

    private void expectRunning(String locationPrefix, String version) {
        Bundle updated = runtime.bundle(locationPrefix + app.updated());
        if (!updated.getVersion().equals(Version.parseVersion(version))) {
            throw new IllegalStateException(updated.getLocation() + " runs " + updated.getVersion() + ", not " + version);
        }
        for (String name : app.symbolicNames()) {
            Bundle bundle = runtime.bundle(locationPrefix + name);
            if (bundle.getState() != Bundle.ACTIVE) {
                throw new IllegalStateException(bundle.getLocation() + " is not active (state " + bundle.getState() + ")");
            }
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        if (!startMillis.isEmpty()) {
            List<Long> sorted = startMillis.stream().sorted().toList();
            System.out.printf("%nStart of the restarted runtime (its main method to ready, as it reports): median %d ms"
                    + " over %d restarts (min %d, max %d)%n", sorted.get(sorted.size() / 2), sorted.size(),
                    sorted.get(0), sorted.get(sorted.size() - 1));
        }
        try {
            if (process != null) {
                process.stop();
            }
        } finally {
            close(services, runtime, home);
        }
    }

    /**
     * The API baseline's cost at plan time: {@code plan(update)} of the library of {@code library100} (a
     * manifest-only {@code bench.lib} 1.0.0 → 1.1.0 under 100 dependents) and of Jackson databind 2.17.2 → 2.18.2
     * (which brings jackson-core and jackson-annotations 2.18.2 along) under 10 dependents importing
     * {@code com.fasterxml.jackson.databind} and {@code com.fasterxml.jackson.core}, with the gate ({@code on}) and
     * with {@code --no-baseline} ({@code off}); {@code alternate} plans with and without the gate by turns and
     * prints both medians and their ratio with a bootstrap 95% interval, which the machine's drift between two
     * trials does not bias. The plans are dry runs: nothing changes between invocations, so the gate compares
     * each pair of JARs once and then uses what it kept by SHA-256, as the apply after a dry run does; the
     * trial's first plan, before anything was kept, is printed with its time.
     */
    @State(Scope.Benchmark)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Fork(value = 1, jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.jline.terminal.dumb=true",
            "-Djmh.shutdownTimeout=0"})
    @Warmup(iterations = 5, time = 2)
    @Measurement(iterations = 5, time = 2)
    public static class Baseline {

        static final String DATABIND = "com.fasterxml.jackson.core.jackson-databind";
        private static final int JSON_DEPENDENTS = 10;

        @Param({"library100", "jackson"})
        public String scenario;

        @Param({"off", "on", "alternate"})
        public String gate;

        /**
         * How long after the add of the new JARs the trial's first plan comes: storing a package starts the
         * comparison of its API in the background, and a plan that comes sooner waits for what is left of it.
         */
        @Param({"0"})
        public int secondsBeforeFirstPlan;

        /**
         * Whether the runtime is stopped and started again on the same home before the trial's first plan: the
         * comparison made at the add is then read from {@code <home>/cache/api-baseline}, by classes loaded afresh.
         */
        @Param({"false"})
        public boolean restartBeforeFirstPlan;

        private final List<Long> withGate = new ArrayList<>();
        private final List<Long> withoutGate = new ArrayList<>();
        private boolean measuring;
        private boolean turn;
        private Path home;
        private EmbeddedRuntime runtime;
        private ProvisioningServices services;
        private String updated;

        @Setup(Level.Trial)
        public void prepare() throws Exception {
            Properties paths = new Properties();
            try (InputStream in = UpdateBenchmark.class.getResourceAsStream("/benchmark-paths.properties")) {
                paths.load(in);
            }
            home = Files.createTempDirectory("gtach-baseline-" + scenario + "-");
            runtime = EmbeddedRuntime.start(home, Path.of(paths.getProperty("gtach.bundles")));
            services = ProvisioningServices.await(runtime.context());
            if (scenario.equals("jackson")) {
                Path jars = Path.of(paths.getProperty("jackson.jars"));
                Path installed = Files.createDirectories(home.resolve("jackson-2.17"));
                for (String artifact : List.of("jackson-core", "jackson-annotations", "jackson-databind")) {
                    Files.copy(jars.resolve(artifact + "-2.17.2.jar"), installed.resolve(artifact + "-2.17.2.jar"));
                }
                for (int i = 0; i < JSON_DEPENDENTS; i++) {
                    Files.write(installed.resolve("bench.json." + i + ".jar"), GeneratedBundles.jar(jsonDependent(i)));
                }
                services.add(installed);
                for (int i = 0; i < JSON_DEPENDENTS; i++) {
                    services.install("bench.json." + i, "[1.0.0,1.0.0]");
                }
                Path newer = Files.createDirectories(home.resolve("jackson-2.18"));
                for (String artifact : List.of("jackson-core", "jackson-annotations", "jackson-databind")) {
                    Files.copy(jars.resolve(artifact + "-2.18.2.jar"), newer.resolve(artifact + "-2.18.2.jar"));
                }
                services.add(newer);
                updated = DATABIND;
            } else {
                Path generated = Files.createDirectories(home.resolve("generated"));
                AppBundles app = AppBundles.generate(scenario, generated, Path.of(paths.getProperty("example.packages")));
                services.add(generated);
                for (String name : app.symbolicNames()) {
                    services.install(name, "[1.0.0,1.0.0]");
                }
                updated = app.updated();
            }
            Thread.sleep(secondsBeforeFirstPlan * 1000L);
            if (restartBeforeFirstPlan) {
                services.close();
                runtime.close();
                runtime = EmbeddedRuntime.start(home, Path.of(paths.getProperty("gtach.bundles")));
                services = ProvisioningServices.await(runtime.context());
            }
            long start = System.nanoTime();
            ProvisioningServices.PlannedUpdate first = services.planUpdate(updated, !gate.equals("off"));
            System.out.printf("%nFirst plan of the trial, %d s after the add%s: %.1f ms, changes %s, %d warnings%n",
                    secondsBeforeFirstPlan, restartBeforeFirstPlan ? " and a restart" : "", (System.nanoTime() - start) / 1e6,
                    first.changes(), first.warnings().size());
            if (!first.changes().contains(updated)) {
                throw new IllegalStateException("The plan does not update " + updated + ": " + first.changes());
            }
        }

        /** A dependent with a manifest only, importing what an application of Jackson imports. */
        private static java.util.jar.Manifest jsonDependent(int i) {
            java.util.jar.Manifest manifest = new java.util.jar.Manifest();
            java.util.jar.Attributes main = manifest.getMainAttributes();
            main.put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
            main.putValue("Bundle-ManifestVersion", "2");
            main.putValue("Bundle-SymbolicName", "bench.json." + i);
            main.putValue("Bundle-Version", "1.0.0");
            main.putValue("Import-Package", "com.fasterxml.jackson.databind;version=\"[2.17,3)\","
                    + "com.fasterxml.jackson.core;version=\"[2.17,3)\"");
            return manifest;
        }

        @Setup(Level.Iteration)
        public void iteration(IterationParams params) {
            measuring = params.getType() == IterationType.MEASUREMENT;
        }

        @Benchmark
        public ProvisioningServices.PlannedUpdate plan() {
            if (!gate.equals("alternate")) {
                return services.planUpdate(updated, gate.equals("on"));
            }
            turn = !turn;
            long start = System.nanoTime();
            ProvisioningServices.PlannedUpdate planned = services.planUpdate(updated, turn);
            if (measuring) {
                (turn ? withGate : withoutGate).add(System.nanoTime() - start);
            }
            return planned;
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            try {
                if (!withGate.isEmpty() && !withoutGate.isEmpty()) {
                    double on = median(withGate);
                    double off = median(withoutGate);
                    double[] interval = ratioInterval(withGate, withoutGate);
                    System.out.printf("%nPlans by turns, %d with and %d without the gate: median %.2f ms with, %.2f ms "
                            + "without, ratio %.3f (bootstrap 95%%: %.3f to %.3f)%n", withGate.size(), withoutGate.size(),
                            on / 1e6, off / 1e6, on / off, interval[0], interval[1]);
                }
            } finally {
                close(services, runtime, home);
            }
        }

        private static double median(List<Long> times) {
            List<Long> sorted = times.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
        }

        /** The 2.5th and 97.5th percentiles of the ratio of medians over 2,000 resamples of both samples. */
        private static double[] ratioInterval(List<Long> with, List<Long> without) {
            java.util.Random random = new java.util.Random(17);
            double[] ratios = new double[2000];
            for (int r = 0; r < ratios.length; r++) {
                ratios[r] = median(resample(with, random)) / median(resample(without, random));
            }
            java.util.Arrays.sort(ratios);
            return new double[] {ratios[(int) (ratios.length * 0.025)], ratios[(int) (ratios.length * 0.975) - 1]};
        }

        private static List<Long> resample(List<Long> times, java.util.Random random) {
            List<Long> drawn = new ArrayList<>(times.size());
            for (int i = 0; i < times.size(); i++) {
                drawn.add(times.get(random.nextInt(times.size())));
            }
            return drawn;
        }
    }

    /** Ends what a benchmark's setup started, whichever parts it got to, and deletes its home. */
    static void close(ProvisioningServices services, EmbeddedRuntime runtime, Path home) throws Exception {
        try {
            if (services != null) {
                services.close();
            }
            if (runtime != null) {
                runtime.close();
            }
        } finally {
            deleteRecursively(home);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
