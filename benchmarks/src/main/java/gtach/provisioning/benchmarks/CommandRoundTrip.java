package gtach.provisioning.benchmarks;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The round trip of {@code gtach cmd 'gtach:status'} against a running runtime, for each client, in
 * rounds that take every client in turn (so that the machine's load falls on all alike):
 * <ul>
 * <li>{@code runtime}: the command's own time, as the runtime serves it: a client already running
 * (this JVM) connects, sends the request and reads the answer to its exit frame;</li>
 * <li>{@code jvmClient}: {@code java -jar gtach.jar cmd 'gtach:status'}, a JVM started for the one
 * command, as the {@code gtach} command runs it;</li>
 * <li>{@code jvmClientArchived}: the same with a class-data sharing archive of its own, written by
 * one run with {@code -XX:ArchiveClassesAtExit};</li>
 * <li>{@code jvmClientQuick}: the same without an archive but with {@code -XX:TieredStopAtLevel=1
 * -XX:+UseSerialGC}, options that suit a JVM living for one command;</li>
 * <li>{@code python}: {@code gtach-cmd.py}, a client without a JVM (Python 3, when on the PATH and
 * the JVM measured is this one's).</li>
 * </ul>
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar gtach.provisioning.benchmarks.CommandRoundTrip [rounds]}
 * (20 by default, after 3 warm-up rounds).
 */
public final class CommandRoundTrip {

    private static final String LINE = "gtach:status";
    /** JVM options that suit a process living for one command: the C1 compiler only, the serial collector. */
    private static final List<String> QUICK = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private CommandRoundTrip() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Properties paths = new Properties();
        try (InputStream in = CommandRoundTrip.class.getResourceAsStream("/benchmark-paths.properties")) {
            paths.load(in);
        }
        Path jar = Path.of(paths.getProperty("gtach.jar"));
        Path home = Files.createTempDirectory("gtach-cmd-");
        String java = RuntimeProcess.java();
        Path archive = home.resolve("cmd.jsa");
        Path pythonClient = home.resolve("gtach-cmd.py");
        try (InputStream in = CommandRoundTrip.class.getResourceAsStream("/gtach-cmd.py")) {
            Files.copy(in, pythonClient);
        }

        Map<String, List<Long>> nanos = new LinkedHashMap<>();
        RuntimeProcess runtime = RuntimeProcess.start(jar, home);
        try {
            Path socket = home.resolve("run").resolve("gtach.sock");
            List<String> jvmClient = List.of(java, "-Dgtach.home=" + home, "-jar", jar.toString(), "cmd", LINE);
            List<String> archiving = new ArrayList<>(jvmClient);
            archiving.add(1, "-XX:ArchiveClassesAtExit=" + archive);
            timed(archiving);
            List<String> archived = new ArrayList<>(jvmClient);
            archived.addAll(1, List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds=off,cds+dynamic=off"));
            // Under another JVM (-Dbenchmark.java, arm64 under qemu) a native Python would compare nothing
            List<String> quick = new ArrayList<>(jvmClient);
            quick.addAll(1, QUICK);
            String python = System.getProperty("benchmark.java") == null ? python() : null;
            for (int round = -3; round < rounds; round++) {
                record(nanos, "runtime", round, inProcess(socket));
                record(nanos, "jvmClient", round, timed(jvmClient));
                record(nanos, "jvmClientArchived", round, timed(archived));
                record(nanos, "jvmClientQuick", round, timed(quick));
                if (python != null) {
                    record(nanos, "python", round, timed(List.of(python, pythonClient.toString(), home.toString(), LINE)));
                }
            }
        } finally {
            runtime.stop();
        }

        double base = median(nanos.get("runtime"));
        System.out.printf("%ngtach cmd '%s', %d rounds (java %s, %d cores)%n", LINE, rounds,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.printf("%-20s %12s %12s %12s %8s%n", "client", "median ms", "min ms", "max ms", "ratio");
        for (Map.Entry<String, List<Long>> client : nanos.entrySet()) {
            List<Long> sorted = new ArrayList<>(client.getValue());
            Collections.sort(sorted);
            System.out.printf("%-20s %12.1f %12.1f %12.1f %8.1f%n", client.getKey(), median(sorted) / 1e6,
                    sorted.get(0) / 1e6, sorted.get(sorted.size() - 1) / 1e6, median(sorted) / base);
        }
    }

    private static void record(Map<String, List<Long>> nanos, String client, int round, long time) {
        List<Long> times = nanos.computeIfAbsent(client, c -> new ArrayList<>());
        if (round >= 0) {
            times.add(time);
        }
    }

    /**
     * One command over a connection from this JVM, warm: what the runtime itself takes. The frames
     * are the console bundle's CommandProtocol (kind byte, 4-byte length, payload), written out here
     * because that bundle is not on this jar's class path.
     */
    private static long inProcess(Path socket) throws IOException {
        long started = System.nanoTime();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            DataOutputStream request = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
            frame(request, 'D', Path.of("").toAbsolutePath().toString());
            frame(request, 'C', LINE);
            request.flush();
            DataInputStream answer = new DataInputStream(Channels.newInputStream(channel));
            while (true) {
                byte kind = answer.readByte();
                byte[] payload = new byte[answer.readInt()];
                answer.readFully(payload);
                if (kind == 'X') {
                    int status = java.nio.ByteBuffer.wrap(payload).getInt();
                    if (status != 0) {
                        throw new IllegalStateException(LINE + " failed with " + status);
                    }
                    break;
                }
            }
        }
        return System.nanoTime() - started;
    }

    private static void frame(DataOutputStream out, char kind, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        out.writeByte(kind);
        out.writeInt(payload.length);
        out.write(payload);
    }

    /** A client process from start to exit, which must succeed. */
    private static long timed(List<String> command) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed:\n" + out);
        }
        return System.nanoTime() - started;
    }

    /** The Python interpreter itself, not a shim (pyenv's is a shell script), or null when there is none. */
    private static String python() {
        try {
            Process process = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").start();
            String executable = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.waitFor() == 0 && !executable.isEmpty() ? executable : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static double median(List<Long> times) {
        List<Long> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
