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
 * ({@code bareFelix}), and against that plus the infrastructure GTach also carries, Config Admin,
 * Metatype, OSGi Log and SLF4J ({@code infrastructure}): each a fresh JVM on a warm framework
 * cache (the Pi's everyday boot). The resident memory (VmRSS) of each at that moment is printed
 * at the end of each trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 10)
@Fork(1)
public class StartupBenchmark {

    @Param({"gtach", "bareFelix", "infrastructure"})
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
            Collections.addAll(command, paths.getProperty("baseline.bundles").split(","));
            if (runtime.equals("infrastructure")) {
                Collections.addAll(command, paths.getProperty("infrastructure.bundles").split(","));
            }
        }
        // The first boot installs the bundles; the measured boots start from the cache it leaves.
        start();
        stop();
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
