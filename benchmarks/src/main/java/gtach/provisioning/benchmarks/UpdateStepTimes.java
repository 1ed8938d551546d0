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
 * Arguments: the scenario ({@code leaf}, {@code library10}, {@code library100}) and the number of
 * measured update + rollback pairs (default 30, after 10 unmeasured ones).
 */
public final class UpdateStepTimes {

    private static final String STEP = "gtach.update step ";

    private final Map<String, List<Long>> micros = new LinkedHashMap<>();
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

    private void timed(String name, Runnable call) {
        operation = name;
        long start = System.nanoTime();
        last = start;
        call.run();
        if (name != null) {
            micros.computeIfAbsent(name + " total", k -> new ArrayList<>()).add((System.nanoTime() - start) / 1000);
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
                    // "updated bench.lib" and "updated bench.leaf" are one step
                    String step = text.substring(STEP.length()).replaceAll(" .*", "");
                    micros.computeIfAbsent(current + " " + step, k -> new ArrayList<>()).add((now - last) / 1000);
                    last = now;
                }
            }
        };
    }

    private void print(PrintStream out, String scenario, int pairs) throws IOException {
        out.printf("Scenario %s, %d update + rollback pairs; median ms from the previous step (or the call) to each step:%n",
                scenario, pairs);
        for (Map.Entry<String, List<Long>> entry : micros.entrySet()) {
            List<Long> values = new ArrayList<>(entry.getValue());
            Collections.sort(values);
            out.printf("  %-32s %8.1f ms%n", entry.getKey(), values.get(values.size() / 2) / 1000.0);
        }
    }
}
