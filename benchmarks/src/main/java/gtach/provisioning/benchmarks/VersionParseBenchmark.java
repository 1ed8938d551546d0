package gtach.provisioning.benchmarks;

import gtach.provisioning.version.SemanticVersion;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.osgi.framework.Version;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * {@code SemanticVersion.parse} + {@code compareTo} against OSGi's own {@code Version.parseVersion}
 * + {@code compareTo}, over the same 1,024 versions (a quarter of them pre-releases), each side in
 * its own syntax ({@code 1.2.3-rc.1} versus {@code 1.2.3.rc_1}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VersionParseBenchmark {

    private static final int COUNT = 1024;

    private String[] semantic;
    private String[] osgi;

    @Setup
    public void generate() {
        Random random = new Random(42);
        semantic = new String[COUNT];
        osgi = new String[COUNT];
        for (int i = 0; i < COUNT; i++) {
            SemanticVersion version = SemanticVersion.parse(random.nextInt(20) + "." + random.nextInt(50) + "."
                    + random.nextInt(200) + (random.nextInt(4) == 0 ? "-rc." + random.nextInt(10) : ""));
            semantic[i] = version.toString();
            osgi[i] = version.toOsgiVersion().toString();
        }
    }

    /** Parses every version and compares it with the one before; answers a sum so nothing is optimized away. */
    @Benchmark
    public int semanticVersion() {
        int sum = 0;
        SemanticVersion previous = SemanticVersion.parse(semantic[COUNT - 1]);
        for (String text : semantic) {
            SemanticVersion version = SemanticVersion.parse(text);
            sum += version.compareTo(previous);
            previous = version;
        }
        return sum;
    }

    @Benchmark
    public int osgiVersionBaseline() {
        int sum = 0;
        Version previous = Version.parseVersion(osgi[COUNT - 1]);
        for (String text : osgi) {
            Version version = Version.parseVersion(text);
            sum += version.compareTo(previous);
            previous = version;
        }
        return sum;
    }
}
