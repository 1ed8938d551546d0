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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Process start to "all bundles active" of {@code gtach.jar} against bare Felix + SCR + Gogo
 * ({@code bareFelix}), each a fresh JVM on a warm framework cache (the Pi's everyday boot). The
 * steps between them tell where the difference goes: {@code infrastructure} adds Config Admin,
 * Metatype, OSGi Log and SLF4J; {@code firstComponent} adds one bundle with a Declarative Services
 * component (the command channel); {@code allBundles} is GTach's whole bundle set started by the
 * baseline launcher. The resident memory (VmRSS) at that moment is printed after each trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 10)
@Fork(1)
public class StartupBenchmark {

    @Param({"bareFelix", "infrastructure", "firstComponent", "allBundles", "gtach"})
    public String runtime;

    private List<String> command;
    private Path home;
    private Process process;
    private final List<Long> residentKb = new ArrayList<>();

    @Setup(Level.Trial)
    public void firstBoot() throws IOException, InterruptedException {
        Properties paths = new Properties();
        try (InputStream in = StartupBenchmark.class.getResourceAsStream("/benchmark-paths.properties")) {
            paths.load(in);
        }
        home = Files.createTempDirectory("gtach-startup-" + runtime);
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        command = new ArrayList<>();
        if (runtime.equals("gtach")) {
            Collections.addAll(command, javaCommand, "-Dgtach.home=" + home, "-jar", paths.getProperty("gtach.jar"));
        } else {
            String classpath = paths.getProperty("felix.jar") + java.io.File.pathSeparator
                    + Path.of(BareFelix.class.getProtectionDomain().getCodeSource().getLocation().getPath());
            Collections.addAll(command, javaCommand, "-cp", classpath, BareFelix.class.getName(), home.resolve("framework").toString());
            command.addAll(bundlesOf(runtime, paths));
        }
        // The first boot installs the bundles; the measured boots start from the cache it leaves.
        start();
        stop();
    }

    /** The bundle set each baseline starts with the baseline launcher. */
    private static List<String> bundlesOf(String runtime, Properties paths) throws IOException {
        List<String> bundles = new ArrayList<>(List.of(paths.getProperty("baseline.bundles").split(",")));
        switch (runtime) {
            case "bareFelix" -> { }
            case "infrastructure" -> bundles.addAll(List.of(paths.getProperty("infrastructure.bundles").split(",")));
            case "firstComponent" -> {
                bundles.addAll(List.of(paths.getProperty("infrastructure.bundles").split(",")));
                bundles.add(paths.getProperty("console.bundle"));
            }
            case "allBundles" -> {
                bundles.clear();
                try (var files = Files.list(Path.of(paths.getProperty("gtach.bundles")))) {
                    files.map(Path::toString).filter(f -> f.endsWith(".jar")).sorted().forEach(bundles::add);
                }
            }
            default -> throw new IllegalArgumentException("Unknown runtime " + runtime);
        }
        return bundles;
    }

    @Benchmark
    public Process startUntilAllActive() throws IOException {
        start();
        return process;
    }

    private void start() throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.contains("ready")) {
                return;
            }
        }
        throw new IllegalStateException(command + " ended without becoming ready");
    }

    @TearDown(Level.Invocation)
    public void stop() throws IOException, InterruptedException {
        residentKb.add(ResidentMemory.kilobytesOf(process.pid()));
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    @TearDown(Level.Trial)
    public void report() {
        List<Long> sorted = new ArrayList<>(residentKb);
        Collections.sort(sorted);
        System.out.printf("%nResident memory of %s when all bundles are active: median %d MB over %d boots (min %d, max %d)%n",
                runtime, sorted.get(sorted.size() / 2) / 1024, sorted.size(), sorted.get(0) / 1024,
                sorted.get(sorted.size() - 1) / 1024);
    }
}
