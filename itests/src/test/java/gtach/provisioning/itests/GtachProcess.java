package gtach.provisioning.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A GTach runtime started from {@code runtime/target/gtach.jar} as a separate JVM on its own home,
 * driven only the way an operator drives it: through {@code gtach.jar cmd}.
 */
final class GtachProcess implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** How the runtime's ready line starts. */
    static final String READY = "GTach runtime ready on ";
    /**
     * JVM options of every runtime the tests start with {@code java -jar}: a test's runtime lives
     * seconds, and with the C1 compiler only it starts with about 40 % less CPU time (on an x86 JVM
     * and on the aarch64 one under qemu alike). It changes nothing the runtime does; the product's
     * launchers keep the JVM's defaults.
     */
    static final List<String> TEST_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

    private final Path home;
    private final Process process;
    private final Path log;
    private final Duration startTimeout;

    private GtachProcess(Path home, Process process, Path log, Duration startTimeout) {
        this.home = home;
        this.process = process;
        this.log = log;
        this.startTimeout = startTimeout;
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("gtach.jar", "../runtime/target/gtach.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No runtime jar at " + jar + "; build the runtime module first");
        }
        return jar;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts a runtime and waits until its command channel answers. */
    static GtachProcess start(Path home) throws IOException, InterruptedException {
        GtachProcess runtime = launch(home);
        runtime.awaitReady();
        return runtime;
    }

    /** Starts a runtime without waiting for anything. */
    static GtachProcess launch(Path home) throws IOException {
        return launch(home, List.of());
    }

    /** Starts a runtime with extra JVM options (such as {@code -Dname=value}) and waits until its command channel answers. */
    static GtachProcess start(Path home, List<String> jvmOptions) throws IOException, InterruptedException {
        GtachProcess runtime = launch(home, jvmOptions);
        runtime.awaitReady();
        return runtime;
    }

    /** Starts a runtime with extra JVM options without waiting for anything. */
    static GtachProcess launch(Path home, List<String> jvmOptions) throws IOException {
        return launch(jar(), home, jvmOptions);
    }

    /** Starts a runtime with extra JVM options and environment variables, and waits until its command channel answers. */
    static GtachProcess start(Path home, List<String> jvmOptions, java.util.Map<String, String> environment)
            throws IOException, InterruptedException {
        GtachProcess runtime = launch(jar(), home, jvmOptions, environment);
        runtime.awaitReady();
        return runtime;
    }

    /** Starts the runtime of another {@code gtach.jar} (an older or newer build) and waits until its command channel answers. */
    static GtachProcess startWith(Path gtachJar, Path home) throws IOException, InterruptedException {
        GtachProcess runtime = launch(gtachJar, home, List.of());
        runtime.awaitReady();
        return runtime;
    }

    private static GtachProcess launch(Path gtachJar, Path home, List<String> jvmOptions) throws IOException {
        return launch(gtachJar, home, jvmOptions, java.util.Map.of());
    }

    private static GtachProcess launch(Path gtachJar, Path home, List<String> jvmOptions, java.util.Map<String, String> environment)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(javaJar(List.of(java()), gtachJar, home, jvmOptions));
        builder.environment().putAll(environment);
        return launch(home, builder, START_TIMEOUT);
    }

    /**
     * Starts a runtime on another JVM ({@code java}: its path, and what runs it, such as
     * {@link Aarch64Java#command()}) with extra JVM options, and waits up to {@code startTimeout}
     * until its command channel answers. {@link #cmd(String)} and {@link #stop()} still use the tests' JVM.
     */
    static GtachProcess startOn(List<String> java, Path home, List<String> jvmOptions, Duration startTimeout)
            throws IOException, InterruptedException {
        GtachProcess runtime = launch(home, new ProcessBuilder(javaJar(java, jar(), home, jvmOptions)), startTimeout);
        runtime.awaitReady();
        return runtime;
    }

    private static List<String> javaJar(List<String> java, Path gtachJar, Path home, List<String> jvmOptions) {
        List<String> command = new ArrayList<>(java);
        command.add("-Dgtach.home=" + home);
        command.addAll(TEST_JVM_OPTIONS);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", gtachJar.toString()));
        return command;
    }

    /**
     * Starts a runtime on {@code home} with a command of its own (the packaged {@code gtach} script),
     * with these variables added to its environment, without waiting for anything; the command must
     * find the home itself (from {@code GTACH_HOME} in {@code environment}, say).
     */
    static GtachProcess launchCommand(Path home, List<String> command, java.util.Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
        builder.environment().putAll(environment);
        return launch(home, builder, START_TIMEOUT);
    }

    private static GtachProcess launch(Path home, ProcessBuilder builder, Duration startTimeout) throws IOException {
        Files.createDirectories(home);
        Path log = Files.createTempFile("gtach-runtime", ".log");
        Process process = builder
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        return new GtachProcess(home, process, log, startTimeout);
    }

    private void awaitReady() throws IOException, InterruptedException {
        java.util.OptionalInt exited = awaitReadyOrExit();
        if (exited.isPresent()) {
            throw new AssertionError("The runtime exited with " + exited.getAsInt() + " while starting:\n" + output());
        }
    }

    /**
     * Waits until the runtime is ready and its command channel answers, or its process has ended:
     * empty in the first case, the exit status in the second, as a service manager would see it.
     */
    java.util.OptionalInt awaitReadyOrExit() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return java.util.OptionalInt.of(process.exitValue());
            }
            // The ready line comes once the application's start level is reached: before it, the
            // command channel may already answer while application bundles are still starting.
            if (output().contains(READY) && cmd(home, "gtach:status").status() == 0) {
                return java.util.OptionalInt.empty();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The runtime did not answer within " + startTimeout + ":\n" + output());
    }

    /** The result of one {@code gtach.jar cmd} invocation. */
    record Result(int status, String out) {
    }

    /** Runs {@code java -jar gtach.jar cmd <line>} for a home, as an operator in a second terminal. */
    static Result cmd(Path home, String line) throws IOException, InterruptedException {
        return run(List.of(java(), "-Dgtach.home=" + home, "-jar", jar().toString(), "cmd", line));
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, java.util.Map.of());
    }

    /** Runs a command with these variables added to the environment. */
    static Result run(List<String> command, java.util.Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process client = builder.start();
        String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!client.waitFor(60, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new AssertionError("Command " + command + " did not finish within 60 s");
        }
        return new Result(client.exitValue(), out);
    }

    Result cmd(String line) throws IOException, InterruptedException {
        return cmd(home, line);
    }

    /** Runs a command line on this runtime and answers what it printed, failing with its output unless it succeeds. */
    String ok(String line) throws IOException, InterruptedException {
        Result result = cmd(line);
        if (result.status() != 0) {
            throw new AssertionError(line + " ended with " + result.status() + ":\n" + result.out());
        }
        return result.out();
    }

    /** Runs {@code java -jar gtach.jar <arguments>} (keygen, publish), failing with its output unless it succeeds. */
    static String tool(String... arguments) throws IOException, InterruptedException {
        return tool(java.util.Map.of(), arguments);
    }

    /** As {@link #tool(String...)}, with these variables added to the tool's environment. */
    static String tool(java.util.Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
        command.addAll(List.of(arguments));
        Result result = run(command, environment);
        if (result.status() != 0) {
            throw new AssertionError(String.join(" ", arguments) + " ended with " + result.status() + ":\n" + result.out());
        }
        return result.out();
    }

    Process process() {
        return process;
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    /** How many bytes the runtime has written to its output so far; an offset for {@link #outputFrom(long)}. */
    long outputSize() throws IOException {
        return Files.size(log);
    }

    /** The runtime's output from a byte offset on, while it runs or after it ended. */
    String outputFrom(long offset) throws IOException {
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (offset >= length) {
                return "";
            }
            byte[] bytes = new byte[(int) (length - offset)];
            file.seek(offset);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Waits until the runtime's output holds a line starting with the text, failing with the output otherwise. */
    void awaitOutputLine(String start, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (output().lines().noneMatch(line -> line.startsWith(start))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("The runtime " + (process.isAlive() ? "did not print" : "exited before printing")
                        + " a line starting with \"" + start + "\" within " + timeout + ":\n" + output());
            }
            Thread.sleep(20);
        }
    }

    /** Waits until a line the runtime printed after {@code offset} contains a match of the regular expression. */
    void awaitOutputFinding(long offset, String regex, Duration timeout) throws IOException, InterruptedException {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outputFrom(offset).lines().noneMatch(line -> pattern.matcher(line).find())) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("The runtime " + (process.isAlive() ? "did not print" : "exited before printing")
                        + " a line with \"" + regex + "\" within " + timeout + ":\n" + outputFrom(offset));
            }
            Thread.sleep(50);
        }
    }

    /** Kills the JVM with SIGKILL, as a power loss would, and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("The runtime (pid " + process.pid() + ") did not die within 30 s of SIGKILL");
        }
    }

    /** Waits for the process to end by itself and answers its exit status. */
    int awaitExit() throws InterruptedException, IOException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("The runtime did not stop within 60 s:\n" + output());
        }
        return process.exitValue();
    }

    /** Stops the runtime as an operator would ({@code stop 0}) and waits for the JVM to exit. */
    int stop() throws IOException, InterruptedException {
        cmd("stop 0");
        return awaitExit();
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Files.deleteIfExists(log);
    }
}
