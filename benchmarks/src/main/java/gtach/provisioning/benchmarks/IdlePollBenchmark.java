package gtach.provisioning.benchmarks;

import gtach.provisioning.testing.NginxServer;
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
import org.osgi.util.tracker.ServiceTracker;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * One idle poll of a followed channel: nothing changed on the remote, so the poll is a conditional
 * request for {@code release.json} answered 304, the kept release read and its signature checked,
 * and the decision that the device already runs what the channel names.
 * <ul>
 * <li>{@code conditionalGet} (baseline): the request alone, a {@code GET} of {@code release.json} with
 * {@code If-None-Match} through the JDK's {@code HttpClient}, answered 304 by the same nginx.</li>
 * <li>{@code idlePoll}: {@code FleetService.poll()} of an embedded runtime (the runtime's real bundle
 * set) that follows channel {@code stable} of that remote and runs what it names.</li>
 * </ul>
 * Run with {@code -prof gc} for the allocations of each.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.jline.terminal.dumb=true",
        "-Djmh.shutdownTimeout=0"})
public class IdlePollBenchmark {

    private static final String NAME = "gtach.fleet.idle";

    private Path work;
    private NginxServer nginx;
    private EmbeddedRuntime runtime;
    private RemoteServices remotes;
    private ServiceTracker<Object, Object> fleetTracker;
    private Object fleet;
    private Method poll;
    private HttpClient client;
    private HttpRequest conditional;

    @Setup(Level.Trial)
    public void prepare() throws Exception {
        NginxServer.requireInstalled();
        Properties paths = new Properties();
        try (InputStream in = IdlePollBenchmark.class.getResourceAsStream("/benchmark-paths.properties")) {
            paths.load(in);
        }
        Path jar = Path.of(paths.getProperty("gtach.jar"));
        work = Files.createTempDirectory("gtach-idle-poll-");
        Path bundle = work.resolve("jars/idle.jar");
        Files.createDirectories(bundle.getParent());
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", NAME);
        main.putValue("Bundle-Version", "1.0.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(bundle), manifest)) {
            out.closeEntry();
        }
        gtach(jar, "keygen", "fleet", "--to", work.toString());
        Path site = work.resolve("site");
        gtach(jar, "publish", bundle.getParent().toString(), "--to", site.toString(), "--key", work.resolve("fleet.key").toString(),
                "--channel", "stable=" + NAME + ":1.0.0");
        nginx = NginxServer.serving(site).start();

        runtime = EmbeddedRuntime.start(work.resolve("home"), Path.of(paths.getProperty("gtach.bundles")));
        remotes = RemoteServices.await(runtime.context());
        remotes.add("fleet", nginx.url("/"), work.resolve("fleet.pub"));
        fleetTracker = ProvisioningServices.track(runtime.context(), "gtach.provisioning.fleet.FleetService");
        fleet = fleetTracker.getService();
        Class<?> type = fleetTracker.getServiceReference().getBundle().loadClass("gtach.provisioning.fleet.FleetService");
        type.getMethod("follow", String.class, String.class).invoke(fleet, "fleet", "stable");
        poll = type.getMethod("poll");
        String outcome = outcome(poll.invoke(fleet));
        if (!outcome.startsWith("moved to " + NAME + " 1.0.0")) {
            throw new IllegalStateException("The first poll did not install the package: " + outcome);
        }
        String idle = outcome(poll.invoke(fleet));
        if (!idle.startsWith("runs " + NAME + " 1.0.0")) {
            throw new IllegalStateException("An idle poll said: " + idle);
        }

        client = HttpClient.newHttpClient();
        URI release = URI.create(nginx.url("/release.json"));
        HttpResponse<Void> first = client.send(HttpRequest.newBuilder(release).build(), HttpResponse.BodyHandlers.discarding());
        conditional = HttpRequest.newBuilder(release).header("If-None-Match", first.headers().firstValue("ETag").orElseThrow()).build();
    }

    private static String outcome(Object status) throws ReflectiveOperationException {
        Object outcome = status.getClass().getMethod("lastOutcome").invoke(status);
        return ((java.util.Optional<?>) outcome).map(String::valueOf).orElse("");
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        fleetTracker.close();
        remotes.close();
        runtime.close();
        nginx.close();
        PublishedSite.deleteTree(work);
    }

    @Benchmark
    public int conditionalGet() throws Exception {
        int status = client.send(conditional, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 304) {
            throw new IllegalStateException("release.json was answered " + status + ", not 304");
        }
        return status;
    }

    @Benchmark
    public Object idlePoll() throws Exception {
        return poll.invoke(fleet);
    }

    private static void gtach(Path jar, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", arguments) + " failed: " + out);
        }
    }
}
