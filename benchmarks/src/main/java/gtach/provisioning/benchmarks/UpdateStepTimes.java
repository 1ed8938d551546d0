package gtach.provisioning.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where the time of a hot update goes: runs one scenario of {@link UpdateBenchmark} in an embedded
 * runtime with {@code gtach.update.traceSteps=true}, alternating {@code update} and
 * {@code rollback(PREVIOUS)} (so both see the same machine load), and prints the median time from the
 * previous step to each step the update service reports, then the median total.
 * <p>
 * Arguments: the scenario ({@code leaf}, {@code library10}, {@code library100}, or {@code application}
 * for the installs of {@link ApplicationInstallBenchmark}) and the number of measured update + rollback
 * pairs, or application rounds (default 30, after 10 unmeasured ones).
 */
public final class UpdateStepTimes {

    private static final String STEP = "gtach.update step ";

    private final Map<String, List<Long>> micros = new LinkedHashMap<>();
    /** The time of each step of the operation under way, in microseconds, in the order reached. */
    private final Map<String, Long> steps = Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile String operation;
    private volatile long last;

    private UpdateStepTimes() {
    }

    public static void main(String[] args) throws Exception {
        String scenario = args.length > 0 ? args[0] : "library100";
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        PrintStream out = System.out;
        UpdateStepTimes times = new UpdateStepTimes();
        System.setProperty("gtach.update.traceSteps", "true");
        System.setOut(new PrintStream(times.stepListener(), true, StandardCharsets.UTF_8));
        Path home = Files.createTempDirectory("gtach-update-steps-");
        try {
            times.run(scenario, pairs, home);
        } finally {
            System.setOut(out);
            UpdateBenchmark.deleteRecursively(home);
        }
        times.print(out, scenario, pairs);
        // Gogo's session threads outlive the framework.
        System.exit(0);
    }

    private void run(String scenario, int pairs, Path home) throws Exception {
        Properties paths = new Properties();
        try (var in = UpdateStepTimes.class.getResourceAsStream("/benchmark-paths.properties")) {
            paths.load(in);
        }
        if (scenario.equals("application")) {
            runApplication(pairs, home, paths);
            return;
        }
        AppBundles app = AppBundles.generate(scenario, home.resolve("generated"), Path.of(paths.getProperty("example.packages")));
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(home, Path.of(paths.getProperty("gtach.bundles")));
                ProvisioningServices services = ProvisioningServices.await(runtime.context())) {
            services.add(home.resolve("generated"));
            for (String name : app.symbolicNames()) {
                services.install(name, "[1.0.0,1.0.0]");
            }
            for (int i = 0; i < pairs + 10; i++) {
                boolean measured = i >= 10;
                timed(measured ? "update" : null, () -> services.update(app.updated()));
                timed(measured ? "rollback" : null, services::rollback);
            }
        }
    }

    /**
     * The operations of {@link ApplicationInstallBenchmark}, alternated: the example application
     * installed as one request, then its tachometer and display as two; each followed by an
     * unmeasured {@code rollback(0)} to the empty application.
     */
    private void runApplication(int rounds, Path home, Properties paths) throws Exception {
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(home, Path.of(paths.getProperty("gtach.bundles")));
                ProvisioningServices services = ProvisioningServices.await(runtime.context())) {
            services.add(Path.of(paths.getProperty("example.packages")));
            for (int i = 0; i < rounds + 10; i++) {
                boolean measured = i >= 10;
                timed(measured ? "install app" : null, () -> services.install("gtach.example.app", "~1.0.0"));
                timed(null, () -> services.rollbackTo(0));
                timed(measured ? "install tach" : null, () -> services.install("gtach.example.tach", "~1.0.0"));
                timed(measured ? "install display" : null, () -> services.install("gtach.example.display", "^1.0"));
                timed(null, () -> services.rollbackTo(0));
            }
        }
    }

    private void timed(String name, Runnable call) {
        operation = name;
        steps.clear();
        long start = System.nanoTime();
        last = start;
        call.run();
        long end = System.nanoTime();
        if (name != null) {
            steps.merge("returned", (end - last) / 1000, Long::sum);
            steps.forEach((step, time) -> micros.computeIfAbsent(name + " " + step, k -> new ArrayList<>()).add(time));
            micros.computeIfAbsent(name + " total", k -> new ArrayList<>()).add((end - start) / 1000);
        }
        operation = null;
    }

    /** Takes the update service's step lines as they are printed and times them. */
    private OutputStream stepListener() {
        return new OutputStream() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(int b) {
                if (b != '\n') {
                    line.append((char) b);
                    return;
                }
                String text = line.toString();
                line.setLength(0);
                String current = operation;
                if (current != null && text.startsWith(STEP)) {
                    long now = System.nanoTime();
                    // "installed a" and "installed b" are one step: their times are added up
                    String step = text.substring(STEP.length()).replaceAll(" .*", "");
                    steps.merge(step, (now - last) / 1000, Long::sum);
                    last = now;
                }
            }
        };
    }

    private void print(PrintStream out, String scenario, int pairs) throws IOException {
        out.printf("Scenario %s, %d %s; median ms from the previous step (or the call) to each step,"
                + " \"returned\" to the call's return:%n", scenario, pairs,
                scenario.equals("application") ? "rounds" : "update + rollback pairs");
        for (Map.Entry<String, List<Long>> entry : micros.entrySet()) {
            List<Long> values = new ArrayList<>(entry.getValue());
            Collections.sort(values);
            out.printf("  %-32s %8.1f ms%n", entry.getKey(), values.get(values.size() / 2) / 1000.0);
        }
    }
}
