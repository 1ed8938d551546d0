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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Process start to "all bundles active" of {@code gtach.jar} against bare Felix + SCR + Gogo
 * ({@code bareFelix}), each a fresh JVM on a warm framework cache (the Pi's everyday boot). The
 * steps between them tell where the difference goes: {@code infrastructure} adds Config Admin,
 * Metatype, OSGi Log and SLF4J; {@code firstComponent} adds one bundle with a Declarative Services
 * component (the command channel); {@code allBundles} is GTach's whole bundle set started by the
 * baseline launcher. The resident memory (VmRSS) at that moment, the CPU time and its share by the kind
 * of thread are printed after each trial.
 * <p>
 * {@code gtachArchived} starts {@code gtach.jar} with the class-data sharing archive the {@code gtach}
 * command gives it ({@code -XX:SharedArchiveFile}, written by one boot run with
 * {@code -XX:ArchiveClassesAtExit} on the warm cache and stopped with SIGTERM), with the command's
 * own options; {@code bareFelixArchived} gives the baseline an archive of its own, made
 * the same way, so that the ratio compares like with like.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 10)
@Fork(1)
public class StartupBenchmark {

    @Param({"bareFelix", "infrastructure", "firstComponent", "allBundles", "gtach", "bareFelixArchived", "gtachArchived"})
    public String runtime;

    private static final String ARCHIVED = "Archived";

    private List<String> command;
    private Path home;
    private Process process;
    private final List<Long> residentKb = new ArrayList<>();
    private final List<Long> cpuMillis = new ArrayList<>();
    private final Map<String, List<Long>> cpuByThreads = new TreeMap<>();

    @Setup(Level.Trial)
    public void firstBoot() throws IOException, InterruptedException {
        Properties paths = new Properties();
        try (InputStream in = StartupBenchmark.class.getResourceAsStream("/benchmark-paths.properties")) {
            paths.load(in);
        }
        home = Files.createTempDirectory("gtach-startup-" + runtime);
        String javaCommand = RuntimeProcess.java();
        boolean archived = runtime.endsWith(ARCHIVED);
        String launched = archived ? runtime.substring(0, runtime.length() - ARCHIVED.length()) : runtime;
        command = new ArrayList<>();
        command.add(javaCommand);
        if (launched.equals("gtach")) {
            // -Dbenchmark.gtach.jar: another build of gtach.jar, to compare it with the same baseline
            Collections.addAll(command, "-Dgtach.home=" + home, "-jar",
                    System.getProperty("benchmark.gtach.jar", paths.getProperty("gtach.jar")));
        } else {
            String classpath = paths.getProperty("felix.jar") + java.io.File.pathSeparator
                    + Path.of(BareFelix.class.getProtectionDomain().getCodeSource().getLocation().getPath());
            Collections.addAll(command, "-cp", classpath, BareFelix.class.getName(), home.resolve("framework").toString());
            command.addAll(bundlesOf(launched, paths));
        }
        // The first boot installs the bundles; the measured boots start from the cache it leaves.
        start();
        stop();
        if (archived) {
            // The gtach command's options: the archive written at the exit of a boot on the warm cache
            Path archive = home.resolve("classes.jsa");
            List<String> quiet = List.of("-Xshare:auto", "-Xlog:cds=off,cds+dynamic=off");
            command.add(1, "-XX:ArchiveClassesAtExit=" + archive);
            command.addAll(2, quiet);
            start();
            stop();
            command.set(1, "-XX:SharedArchiveFile=" + archive);
            if (!Files.isRegularFile(archive)) {
                throw new IllegalStateException("No archive " + archive + " after a boot with -XX:ArchiveClassesAtExit");
            }
        }
        residentKb.clear();
        cpuMillis.clear();
        cpuByThreads.clear();
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
            if (line.contains("[cds")) {
                throw new IllegalStateException(command + " printed " + line);
            }
        }
        throw new IllegalStateException(command + " ended without becoming ready");
    }

    @TearDown(Level.Invocation)
    public void stop() throws IOException, InterruptedException {
        residentKb.add(ResidentMemory.kilobytesOf(process.pid()));
        cpuMillis.add(cpuMillisOf(process.pid()));
        cpuByThreadsOf(process.pid()).forEach((kind, ms) -> cpuByThreads.computeIfAbsent(kind, k -> new ArrayList<>()).add(ms));
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /**
     * The CPU time (user and system, all threads) the process has used: on a shared machine it
     * varies less with the load than the wall-clock time does. Linux's /proc, in clock ticks of 10 ms.
     */
    private static long cpuMillisOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    /**
     * The same CPU time by the kind of thread that spent it: the JIT compilers, the garbage collector, Felix's
     * start-level thread (which starts the bundles, and runs their activators and SCR's work on them), and the rest
     * (the main thread: the JVM's and the framework's own start; other threads of the bundles).
     */
    private static Map<String, Long> cpuByThreadsOf(long pid) throws IOException {
        Map<String, Long> byKind = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ms = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
                    byKind.merge(threadKind(name), ms, Long::sum);
                } catch (NoSuchFileException ended) {
                    // a thread that ended meanwhile; its time is in the process's total only
                }
            }
        }
        return byKind;
    }

    private static String threadKind(String name) {
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "jit";
        }
        if (name.startsWith("G1 ") || name.startsWith("GC ") || name.startsWith("VM Thread")) {
            return "gc and safepoints";
        }
        return name.equals("FelixStartLevel") ? "bundle starts" : "other";
    }

    @TearDown(Level.Trial)
    public void report() {
        cpuByThreads.forEach((kind, values) -> {
            List<Long> ms = new ArrayList<>(values);
            Collections.sort(ms);
            System.out.printf("%nCPU time of %s in %s threads: median %d ms", runtime, kind, ms.get(ms.size() / 2));
        });
        List<Long> cpu = new ArrayList<>(cpuMillis);
        Collections.sort(cpu);
        System.out.printf("%nCPU time of %s until all bundles are active: median %d ms over %d boots (min %d, max %d)",
                runtime, cpu.get(cpu.size() / 2), cpu.size(), cpu.get(0), cpu.get(cpu.size() - 1));
        List<Long> sorted = new ArrayList<>(residentKb);
        Collections.sort(sorted);
        System.out.printf("%nResident memory of %s when all bundles are active: median %d MB over %d boots (min %d, max %d)%n",
                runtime, sorted.get(sorted.size() / 2) / 1024, sorted.size(), sorted.get(0) / 1024,
                sorted.get(sorted.size() - 1) / 1024);
    }
}
