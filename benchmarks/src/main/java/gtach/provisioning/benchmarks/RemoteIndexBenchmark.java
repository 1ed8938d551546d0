package gtach.provisioning.benchmarks;

import gtach.provisioning.repository.internal.RemoteAccess;
import gtach.provisioning.testing.NginxServer;
import org.apache.felix.bundlerepository.Repository;
import org.apache.felix.bundlerepository.impl.DataModelHelperImpl;
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
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Fetching a published remote of 10,000 packages from nginx on loopback, as {@code gtach:fetch}
 * does (signed release metadata verified, the index downloaded, hashed against it and parsed),
 * against Felix OBR reading the same {@code index.xml.gz} from the same URL (the parse that
 * {@code RepositoryAdmin.addRepository(url)} runs). Each fetch starts with nothing kept, so it is
 * never a conditional one.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class RemoteIndexBenchmark {

    @Param({"10000"})
    public int packages;

    private PublishedSite published;
    private NginxServer nginx;
    private Path repository;

    @Setup(Level.Trial)
    public void start() throws Exception {
        NginxServer.requireInstalled();
        published = PublishedSite.ensure(packages);
        nginx = NginxServer.serving(published.site()).start();
        repository = Files.createTempDirectory("gtach-remote-bench");
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        nginx.close();
        PublishedSite.deleteTree(repository);
    }

    @Setup(Level.Invocation)
    public void forget() throws Exception {
        PublishedSite.deleteTree(repository);
        Files.createDirectories(repository);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 3)
    @Measurement(iterations = 10)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Repository obrAddRepository() throws Exception {
        return new DataModelHelperImpl().repository(new URL(nginx.url("/index.xml.gz")));
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 3)
    @Measurement(iterations = 10)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Object gtachFetch() throws Exception {
        return published.key().fetch(URI.create(nginx.url("/")), repository);
    }
}
