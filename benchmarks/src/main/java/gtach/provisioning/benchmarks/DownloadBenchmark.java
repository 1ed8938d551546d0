package gtach.provisioning.benchmarks;

import gtach.provisioning.repository.internal.RemoteAccess;
import gtach.provisioning.testing.NginxServer;
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

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One file downloaded from nginx on loopback by the repository's HTTP downloader (the one
 * {@code gtach:add <url>} uses: streamed into its partial file, forced to disk, moved to its
 * target and hashed with SHA-256), against a {@code curl -s -o <file> <url>} process fetching
 * the same file.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class DownloadBenchmark {

    @Param({"1", "50"})
    public int megabytes;

    private Path directory;
    private Path target;
    private NginxServer nginx;
    private URI url;
    private RemoteAccess.Downloader downloader;

    @Setup(Level.Trial)
    public void start() throws Exception {
        NginxServer.requireInstalled();
        directory = Files.createTempDirectory("gtach-download-bench");
        Path site = Files.createDirectories(directory.resolve("site"));
        byte[] bytes = new byte[megabytes << 20];
        new Random(megabytes).nextBytes(bytes);
        Files.write(site.resolve("file.jar"), bytes);
        nginx = NginxServer.serving(site).start();
        url = URI.create(nginx.url("/file.jar"));
        downloader = RemoteAccess.downloader(Files.createDirectories(directory.resolve("partials")));
        target = directory.resolve("downloaded.jar");
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        nginx.close();
        PublishedSite.deleteTree(directory);
    }

    @Setup(Level.Invocation)
    public void clear() throws Exception {
        Files.deleteIfExists(target);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 5)
    @Measurement(iterations = 20)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int curl() throws Exception {
        Process curl = new ProcessBuilder("curl", "-s", "-o", target.toString(), url.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int status = curl.waitFor();
        if (status != 0 || Files.size(target) != (long) megabytes << 20) {
            throw new IllegalStateException("curl exited with " + status);
        }
        return status;
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 5)
    @Measurement(iterations = 20)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public String gtachDownload() throws Exception {
        return downloader.download(url, target);
    }
}
