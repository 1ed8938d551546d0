package gtach.provisioning.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code java -jar gtach.jar} runtime on a home, as a separate JVM. */
final class RuntimeProcess {

    private static final String READY = "GTach runtime ready on ";

    private static final Pattern START_TIME = Pattern.compile(" in (\\d+) ms");

    private final Process process;
    private long startMillis = -1;

    private RuntimeProcess(Process process) {
        this.process = process;
    }

    /**
     * The java command that runs the runtimes and clients measured: {@code -Dbenchmark.java}, for
     * example a script running an arm64 JVM under qemu, else this JVM's own.
     */
    static String java() {
        String java = System.getProperty("benchmark.java");
        return java != null && !java.isBlank() ? java : Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The start time the runtime itself reports, from its main method to ready. */
    long startMillis() {
        return startMillis;
    }

    /** Starts the runtime and returns once it prints that it is ready with every bundle active. */
    static RuntimeProcess start(Path gtachJar, Path home) throws IOException {
        return start(gtachJar, home, List.of());
    }

    /** As {@link #start(Path, Path)}, with these JVM options. */
    static RuntimeProcess start(Path gtachJar, Path home, List<String> jvmOptions) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        Collections.addAll(command, "-Dgtach.home=" + home, "-jar", gtachJar.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        RuntimeProcess runtime = new RuntimeProcess(process);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.contains(READY)) {
                if (line.contains("not active")) {
                    runtime.stop();
                    throw new IllegalStateException("The runtime started with inactive bundles: " + line);
                }
                Matcher time = START_TIME.matcher(line);
                runtime.startMillis = time.find() ? Long.parseLong(time.group(1)) : -1;
                return runtime;
            }
            seen.append(line).append('\n');
        }
        runtime.stop();
        throw new IllegalStateException(command + " ended without becoming ready:\n" + seen);
    }

    /** The JVM's process id. */
    long pid() {
        return process.pid();
    }

    /** SIGTERM, as a service manager stops it, and waits for the JVM to exit. */
    void stop() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("The runtime did not stop within 60 s of SIGTERM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("Interrupted while stopping the runtime", e);
        }
    }
}
