package gtach.provisioning.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * What the leak report costs after a change: {@code UpdateService.checkLeaks()} (two full
 * collections, then a look at the weakly kept class loaders, the framework's pending removals and
 * Metaspace) against the same two collections alone, and against the update it follows, all in
 * one Felix with the runtime's bundle set and the example application (the tachometer under its
 * running display), with the heap a Pi would give it. Before each measured check, one update of the
 * tachometer replaces its revision and the display's, so that each check has loaders to look at.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms64m", "-Xmx64m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-Dorg.jline.terminal.dumb=true", "-Djmh.shutdownTimeout=0"})
public class LeakCheckBenchmark {

    private Path home;
    private AppBundles app;
    private EmbeddedRuntime runtime;
    private ProvisioningServices services;
    private boolean onNew;

    @Setup(Level.Trial)
    public void prepare() throws Exception {
        Properties paths = new Properties();
        try (InputStream in = LeakCheckBenchmark.class.getResourceAsStream("/benchmark-paths.properties")) {
            paths.load(in);
        }
        home = Files.createTempDirectory("gtach-leak-check-");
        Path generated = Files.createDirectories(home.resolve("generated"));
        app = AppBundles.generate("example", generated, Path.of(paths.getProperty("example.packages")));
        runtime = EmbeddedRuntime.start(home, Path.of(paths.getProperty("gtach.bundles")));
        services = ProvisioningServices.await(runtime.context());
        services.add(generated);
        for (String name : app.symbolicNames()) {
            services.install(name, "[1.0.0,1.0.0]");
        }
    }

    /** One change before each measured operation: a check then has the replaced revisions to look at. */
    @Setup(Level.Invocation)
    public void change() {
        if (onNew) {
            services.downgrade(app.updated(), AppBundles.OLD_VERSION);
        } else {
            services.update(app.updated());
        }
        onNew = !onNew;
    }

    @Benchmark
    @Warmup(iterations = 10)
    @Measurement(iterations = 40)
    public int checkLeaks() {
        int held = services.checkLeaks();
        if (held != 0) {
            throw new IllegalStateException(held + " old class loaders held: the example application leaks none");
        }
        return held;
    }

    @Benchmark
    @Warmup(iterations = 10)
    @Measurement(iterations = 40)
    public void fullCollectionsAlone() {
        System.gc();
        System.runFinalization();
        System.gc();
    }

    /** The change itself, for scale: what the check would add to the command if it ran on its path. */
    @Benchmark
    @Warmup(iterations = 10)
    @Measurement(iterations = 40)
    public void update() {
        change();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        if (services != null) {
            services.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }
}
