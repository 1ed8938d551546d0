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
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Installing the example application end to end, as one request for its application bundle,
 * against installing its two bundles as two requests, through the update service of a real Felix.
 * <p>
 * Each trial starts one Felix in this JVM with the runtime's real bundle set (Felix Configurator
 * included) on a new GTach home (see {@link EmbeddedRuntime}), and adds the example packages as
 * built ({@code bundles/examples/packages/target/packages}, every version) with
 * {@code PackageRepository.add(dir)}, as the README's walkthrough does. Every operation starts
 * from an empty application and is undone, outside the measured time, by {@code rollback(0)}.
 * <ul>
 * <li>{@code installApplication}: {@code apply(install gtach.example.app ~1.0.0)}: the application
 * bundle, the tachometer 1.0.0 and the display 1.0.0 it names, and its configuration, applied by the
 * Configurator; one generation.</li>
 * <li>{@code installMembersSeparately}: {@code apply(install gtach.example.tach ~1.0.0)}, then
 * {@code apply(install gtach.example.display ^1.0)}; two generations.</li>
 * </ul>
 * Every operation checks that the bundles it installed run, in the versions expected.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 50)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.jline.terminal.dumb=true",
        "-Djmh.shutdownTimeout=0"})
public class ApplicationInstallBenchmark {

    private static final String MANAGED = "gtach:app:";
    private static final String APPLICATION = "gtach.example.app";
    private static final String TACH = "gtach.example.tach";
    private static final String DISPLAY = "gtach.example.display";
    private static final String VERSION = "1.0.0";
    /** The empty application before the first commit. */
    private static final int EMPTY = 0;

    private Path home;
    private EmbeddedRuntime runtime;
    private ProvisioningServices services;

    @Setup(Level.Trial)
    public void prepare() throws Exception {
        Properties paths = new Properties();
        try (InputStream in = ApplicationInstallBenchmark.class.getResourceAsStream("/benchmark-paths.properties")) {
            paths.load(in);
        }
        Path packages = Path.of(paths.getProperty("example.packages"));
        if (!Files.isRegularFile(packages.resolve("example-app-1.0.0.jar"))) {
            throw new IllegalStateException("No example application in " + packages + "; build bundles/examples first");
        }
        home = Files.createTempDirectory("gtach-app-install-");
        runtime = EmbeddedRuntime.start(home, Path.of(paths.getProperty("gtach.bundles")));
        services = ProvisioningServices.await(runtime.context());
        services.add(packages);
    }

    @Benchmark
    public void installApplication() {
        services.install(APPLICATION, "~1.0.0");
        expectRunning(Map.of(APPLICATION, VERSION, TACH, VERSION, DISPLAY, VERSION));
    }

    @Benchmark
    public void installMembersSeparately() {
        services.install(TACH, "~1.0.0");
        services.install(DISPLAY, "^1.0");
        expectRunning(Map.of(TACH, VERSION, DISPLAY, VERSION));
    }

    /** Back to the empty application, and checks that nothing of it is left. */
    @TearDown(Level.Invocation)
    public void uninstallEverything() {
        services.rollbackTo(EMPTY);
        List<String> left = Arrays.stream(runtime.context().getBundles())
                .map(Bundle::getLocation)
                .filter(location -> location.startsWith(MANAGED))
                .toList();
        if (!left.isEmpty()) {
            throw new IllegalStateException("The rollback to generation 0 left " + left);
        }
    }

    private void expectRunning(Map<String, String> versions) {
        versions.forEach((name, version) -> {
            Bundle bundle = runtime.bundle(MANAGED + name);
            if (!bundle.getVersion().equals(Version.parseVersion(version))) {
                throw new IllegalStateException(bundle.getLocation() + " runs " + bundle.getVersion() + ", not " + version);
            }
            if (bundle.getState() != Bundle.ACTIVE) {
                throw new IllegalStateException(bundle.getLocation() + " is not active (state " + bundle.getState() + ")");
            }
        });
        long managed = Arrays.stream(runtime.context().getBundles())
                .filter(bundle -> bundle.getLocation().startsWith(MANAGED))
                .count();
        if (managed != versions.size()) {
            throw new IllegalStateException(managed + " managed bundles run, not " + versions.size());
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        UpdateBenchmark.close(services, runtime, home);
    }
}
