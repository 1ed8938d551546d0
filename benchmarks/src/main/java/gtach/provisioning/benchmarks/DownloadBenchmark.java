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

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * One JAR downloaded from nginx on loopback by the repository's HTTP downloader (the one
 * {@code gtach:add <url>} uses: streamed into its partial file and hashed with SHA-256 on the way,
 * forced to disk, moved to its target) and by the download of a remote's signed index entry (the
 * one {@code gtach:install} uses: the same, then checked against the signed SHA-256 and size and
 * renamed atomically), against a {@code curl -s -o <file> <url>} process fetching the same file.
 * The JAR is a bundle of one stored entry of random bytes, published and signed by the real
 * publisher, so all three fetch the same bytes from the same URL.
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
    private RemoteAccess.SignedDownloader signed;

    @Setup(Level.Trial)
    public void start() throws Exception {
        NginxServer.requireInstalled();
        directory = Files.createTempDirectory("gtach-download-bench");
        Path jars = Files.createDirectories(directory.resolve("jars"));
        Path site = directory.resolve("site");
        writeJar(jars.resolve("file.jar"), megabytes << 20);
        RemoteAccess key = RemoteAccess.keyIn(directory.resolve("key.json"));
        key.publish(jars, site);
        nginx = NginxServer.serving(site).start();
        URI base = URI.create(nginx.url("/"));
        signed = RemoteAccess.signedDownloader(base, key.fetch(base, Files.createDirectories(directory.resolve("repository"))));
        url = signed.url();
        downloader = RemoteAccess.downloader(Files.createDirectories(directory.resolve("partials")));
        target = Files.createDirectories(directory.resolve("incoming")).resolve("downloaded.jar");
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
        if (status != 0 || Files.size(target) != signed.size()) {
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

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 5)
    @Measurement(iterations = 20)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long signedDownload() throws Exception {
        signed.download(target);
        return Files.size(target);
    }

    /** A bundle of {@code bytes} random bytes, stored uncompressed so that the JAR is about that large. */
    private static void writeJar(Path file, int bytes) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", "gtach.benchmark.download");
        manifest.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        byte[] payload = new byte[bytes];
        new Random(bytes).nextBytes(payload);
        CRC32 crc = new CRC32();
        crc.update(payload);
        ZipEntry entry = new ZipEntry("payload.bin");
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes);
        entry.setCompressedSize(bytes);
        entry.setCrc(crc.getValue());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            out.putNextEntry(entry);
            out.write(payload);
            out.closeEntry();
        }
    }
}
