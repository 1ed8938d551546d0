package gtach.provisioning.benchmarks;

import gtach.provisioning.testing.NginxServer;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fleet of device runtimes ({@code gtach.jar}, 10 unless the first argument says otherwise) on
 * this host follow one channel of a remote served by nginx on loopback, polling every 2 s. Measured:
 * the time from the end of {@code gtach.jar publish} of a new release at 100 % until every device
 * runs it (read from each device's {@code state/fleet.json}), and what nginx served for it, per
 * device, from its access log: requests by path and status, and body bytes. A count and a time,
 * not a JMH benchmark: each device is a JVM of its own.
 */
public final class FleetConvergence {

    /** The package the published channel names. */
    static final String NAME = "gtach.fleet.bench";
    private static final Duration DEADLINE = Duration.ofMinutes(5);
    private static final Pattern REQUEST = Pattern.compile("\"(GET|PUT) (\\S+) HTTP/1\\.1\" (\\d{3}) (\\d+)");

    private FleetConvergence() {
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Properties paths = new Properties();
        try (InputStream in = FleetConvergence.class.getResourceAsStream("/benchmark-paths.properties")) {
            paths.load(in);
        }
        Path jar = Path.of(paths.getProperty("gtach.jar"));
        Path work = Files.createTempDirectory("gtach-fleet-convergence");
        List<Process> runtimes = new ArrayList<>();
        try {
            gtach(jar, work, "keygen", "fleet", "--to", work.toString());
            Path site = work.resolve("site");
            bundle(work.resolve("v1/bench.jar"), "1.0.0");
            bundle(work.resolve("v2/bench.jar"), "1.1.0");
            publish(jar, work, site, work.resolve("v1"), "1.0.0");
            try (NginxServer nginx = NginxServer.serving(site).start()) {
                List<Path> homes = new ArrayList<>();
                for (int i = 0; i < devices; i++) {
                    Path home = work.resolve("device-" + i);
                    homes.add(home);
                    runtimes.add(launch(jar, home));
                }
                for (Path home : homes) {
                    awaitReady(home);
                    cmd(jar, home, "gtach:config gtach.provisioning.fleet pollIntervalSeconds=2 deviceId=" + home.getFileName());
                    cmd(jar, home, "gtach:remote add --key " + work.resolve("fleet.pub") + " fleet " + nginx.url("/"));
                    cmd(jar, home, "gtach:follow fleet stable");
                }
                awaitAll(homes, "1.0.0");
                Thread.sleep(5_000);  // every device settled into its 2 s rhythm, polls answered 304

                long offset = nginx.accessLog().lines().count();
                publish(jar, work, site, work.resolve("v2"), "1.1.0");
                long published = System.nanoTime();
                awaitAll(homes, "1.1.0");
                long converged = System.nanoTime();
                List<String> during = nginx.accessLog().lines().skip(offset).toList();
                Thread.sleep(10_000);
                List<String> idle = nginx.accessLog().lines().skip(offset + during.size()).toList();

                System.out.printf("%d devices, poll interval 2 s (±20 %%): every device ran %s 1.1.0 %d ms after the publish ended%n",
                        devices, NAME, TimeUnit.NANOSECONDS.toMillis(converged - published));
                report("until every device ran it", during, devices);
                report("the next 10 s, nothing changing", idle, devices);
            }
        } finally {
            for (Process runtime : runtimes) {
                runtime.destroy();
            }
            for (Process runtime : runtimes) {
                if (!runtime.waitFor(60, TimeUnit.SECONDS)) {
                    runtime.destroyForcibly();
                }
            }
        }
    }

    private static void report(String what, List<String> lines, int devices) {
        Map<String, long[]> byRequest = new TreeMap<>();
        long bytes = 0;
        for (String line : lines) {
            Matcher m = REQUEST.matcher(line);
            if (m.find()) {
                String key = m.group(1) + " " + m.group(2).replaceAll("-[0-9a-f]{12}\\.jar$", "-….jar") + " " + m.group(3);
                long[] counts = byRequest.computeIfAbsent(key, k -> new long[2]);
                counts[0]++;
                counts[1] += Long.parseLong(m.group(4));
                bytes += Long.parseLong(m.group(4));
            }
        }
        System.out.printf("%s: %d requests, %d body bytes in all, %.1f requests and %d body bytes per device%n", what,
                lines.size(), bytes, (double) lines.size() / devices, bytes / devices);
        byRequest.forEach((key, counts) -> System.out.printf("  %-50s %5d requests %10d body bytes%n", key, counts[0], counts[1]));
    }

    /** A bundle of about 50 KB (random bytes, stored), so that a download is more than its headers. */
    static void bundle(Path file, String version) throws IOException {
        Files.createDirectories(file.getParent());
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", NAME);
        main.putValue("Bundle-Version", version);
        byte[] payload = new byte[50_000];
        new Random(version.hashCode()).nextBytes(payload);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new JarEntry("payload.bin"));
            jar.write(payload);
            jar.closeEntry();
        }
    }

    static void publish(Path jar, Path work, Path site, Path jars, String version) throws Exception {
        gtach(jar, work, "publish", jars.toString(), "--to", site.toString(), "--key", work.resolve("fleet.key").toString(),
                "--channel", "stable=" + NAME + ":" + version);
    }

    private static Process launch(Path jar, Path home) throws IOException {
        return launch(jar, home, List.of());
    }

    /** Starts {@code gtach.jar} on {@code home} with these JVM options, its output going to {@code runtime.out} there. */
    static Process launch(Path jar, Path home, List<String> jvmOptions) throws IOException {
        Files.createDirectories(home);
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dgtach.home=" + home, "-jar", jar.toString()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(home.resolve("runtime.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    static void awaitReady(Path home) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            Path out = home.resolve("runtime.out");
            if (Files.exists(out) && Files.readString(out).contains("GTach runtime ready")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The runtime on " + home + " did not become ready");
    }

    /** Waits until every device's follow state says it moved to {@code version}. */
    static void awaitAll(List<Path> homes, String version) throws Exception {
        String applied = "\"applied\" : \"" + NAME + " " + version + "\"";
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (Path home : homes) {
                Path state = home.resolve("state/fleet.json");
                if (!Files.exists(state) || !Files.readString(state).contains(applied)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("Not every device ran " + version + " within " + DEADLINE);
    }

    /** Runs one command line in the runtime on {@code home}, as an operator does, and returns what it printed. */
    static String cmd(Path jar, Path home, String line) throws Exception {
        return run(List.of(java(), "-Dgtach.home=" + home, "-jar", jar.toString(), "cmd", line));
    }

    static void gtach(Path jar, Path work, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar.toString()));
        command.addAll(List.of(arguments));
        run(command);
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
