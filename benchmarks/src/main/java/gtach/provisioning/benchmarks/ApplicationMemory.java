package gtach.provisioning.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Resident memory (VmRSS) of the runtime running the example application ({@code gtach.example.app
 * 1.0.0}: the tachometer and its display), with the JVM's default heap, with {@code -Xmx64m}, and
 * with {@code -Xmx64m} and the class-data sharing archive the {@code gtach} command gives it; the
 * last two again with the serial collector, which the JVM chooses by itself on a machine with less
 * than 1792 MB (a Pi Zero 2 W has 512 MB). Each
 * on a new home: the application is added and installed, the runtime stopped with SIGTERM (which
 * writes the archive, for the last) and started again, as a Pi's everyday boot finds it; then the
 * memory is read once a second for 10 s after 30 s of running, and the median printed, with its
 * anonymous part (RssAnon: what the file pages of the JVM and of the archive are not).
 * <p>
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar gtach.provisioning.benchmarks.ApplicationMemory}
 */
public final class ApplicationMemory {

    private ApplicationMemory() {
    }

    public static void main(String[] args) throws Exception {
        Properties paths = new Properties();
        try (InputStream in = ApplicationMemory.class.getResourceAsStream("/benchmark-paths.properties")) {
            paths.load(in);
        }
        Path jar = Path.of(paths.getProperty("gtach.jar"));
        Path packages = Path.of(paths.getProperty("example.packages"));
        List<String> report = new ArrayList<>();
        for (String setting : List.of("default heap", "-Xmx64m", "-Xmx64m, archive", "-Xmx64m, serial GC", "-Xmx64m, serial GC, archive")) {
            Path home = Files.createTempDirectory("gtach-memory-");
            Path archive = home.resolve("classes.jsa");
            List<String> options = new ArrayList<>();
            if (setting.startsWith("-Xmx64m")) {
                options.add("-Xmx64m");
            }
            if (setting.contains("serial GC")) {
                options.add("-XX:+UseSerialGC");
            }
            List<String> first = new ArrayList<>(options);
            if (setting.endsWith("archive")) {
                first.add("-XX:ArchiveClassesAtExit=" + archive);
                options.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds=off,cds+dynamic=off"));
            }
            RuntimeProcess runtime = RuntimeProcess.start(jar, home, first);
            try {
                cmd(jar, home, "gtach:add " + packages);
                cmd(jar, home, "gtach:install gtach.example.app ~1.0.0");
            } finally {
                runtime.stop();
            }
            runtime = RuntimeProcess.start(jar, home, options);
            List<Long> kilobytes = new ArrayList<>();
            List<Long> anonymous = new ArrayList<>();
            try {
                if (!cmd(jar, home, "gtach:status").contains("gtach.example.display")) {
                    throw new IllegalStateException("The example application is not running");
                }
                Thread.sleep(30_000);
                for (int i = 0; i < 10; i++) {
                    kilobytes.add(ResidentMemory.kilobytesOf(runtime.pid()));
                    anonymous.add(ResidentMemory.anonymousKilobytesOf(runtime.pid()));
                    Thread.sleep(1_000);
                }
            } finally {
                runtime.stop();
            }
            Collections.sort(kilobytes);
            Collections.sort(anonymous);
            report.add(String.format("%-30s %6d MB (min %d, max %d), of which anonymous %d MB", setting,
                    kilobytes.get(kilobytes.size() / 2) / 1024, kilobytes.get(0) / 1024,
                    kilobytes.get(kilobytes.size() - 1) / 1024, anonymous.get(anonymous.size() / 2) / 1024));
        }
        System.out.printf("%nResident memory of the runtime running the example application (java %s)%n",
                System.getProperty("java.version"));
        report.forEach(System.out::println);
    }

    private static String cmd(Path jar, Path home, String line) throws IOException, InterruptedException {
        String java = RuntimeProcess.java();
        Process process = new ProcessBuilder(java, "-Dgtach.home=" + home, "-jar", jar.toString(), "cmd", line)
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(line + " failed:\n" + out);
        }
        return out;
    }
}
