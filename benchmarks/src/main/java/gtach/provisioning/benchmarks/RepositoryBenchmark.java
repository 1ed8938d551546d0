package gtach.provisioning.benchmarks;

import aQute.bnd.osgi.resource.CapReqBuilder;
import gtach.provisioning.repository.internal.RepositoryStore;
import org.apache.felix.bundlerepository.Capability;
import org.apache.felix.bundlerepository.Repository;
import org.apache.felix.bundlerepository.Resource;
import org.apache.felix.bundlerepository.impl.DataModelHelperImpl;
import org.apache.felix.utils.filter.FilterImpl;
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
import org.openjdk.jmh.annotations.Warmup;
import org.osgi.resource.Requirement;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The repository at 100,000 package versions against Apache Felix OBR on the same resources in
 * its XML format: cold open, list, name search and finding the providers of a package requirement.
 * The data is generated once into {@code benchmarks/target/} (see {@link GeneratedRepositories})
 * and reused by later runs.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class RepositoryBenchmark {

    @Param({"100000"})
    public int packages;

    private GeneratedRepositories data;
    private RepositoryStore store;
    private Repository obr;
    private final DataModelHelperImpl obrHelper = new DataModelHelperImpl();
    private String[] searches;
    private Requirement[] requirements;
    private org.apache.felix.bundlerepository.Requirement[] obrRequirements;
    private int next;

    @Setup(Level.Trial)
    public void load() throws Exception {
        data = GeneratedRepositories.ensure(packages);
        store = RepositoryStore.open(data.gtach());
        obr = obrHelper.repository(data.obrXml().toUri().toURL());
        Random random = new Random(7);
        int names = packages / GeneratedBundles.VERSIONS_PER_NAME;
        searches = new String[256];
        requirements = new Requirement[256];
        obrRequirements = new org.apache.felix.bundlerepository.Requirement[256];
        for (int i = 0; i < searches.length; i++) {
            int name = random.nextInt(names);
            searches[i] = "p" + name + ".";
            String pkg = "gtach.gen.p" + random.nextInt(names) + ".api";
            requirements[i] = new CapReqBuilder("osgi.wiring.package")
                    .addDirective("filter", "(&(osgi.wiring.package=" + pkg + ")(version>=1.5.0)(!(version>=2.0.0)))")
                    .buildSyntheticRequirement();
            obrRequirements[i] = obrHelper.requirement("package",
                    "(&(package=" + pkg + ")(version>=1.5.0)(!(version>=2.0.0)))");
        }
    }

    // ---- cold open: load the index / parse the XML

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 1)
    @Measurement(iterations = 5)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public RepositoryStore coldOpenGtach() throws Exception {
        return RepositoryStore.open(data.gtach());
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 1)
    @Measurement(iterations = 5)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Repository coldOpenObr() throws Exception {
        return obrHelper.repository(data.obrXml().toUri().toURL());
    }

    // ---- list everything

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 2)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int listGtach() {
        return store.list("*").size();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 2)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int listObr() {
        return obr.getResources().length;
    }

    // ---- name search

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 2)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int searchGtach() {
        return store.search(searches[next++ & 255], Optional.empty()).size();
    }

    /** OBR's own search: RepositoryAdmin.discoverResources evaluates one filter over every resource. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 2)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int searchObr() {
        String text = searches[next++ & 255];
        FilterImpl filter = (FilterImpl) obrHelper.filter(
                "(|(symbolicname=*" + text + "*)(presentationname=*" + text + "*)(description=*" + text + "*))");
        int found = 0;
        for (Resource resource : obr.getResources()) {
            if (filter.matchCase(resource.getProperties())) {
                found++;
            }
        }
        return found;
    }

    // ---- providers of a package requirement

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 2)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int findProvidersGtach() {
        return store.findProviders(requirements[next++ & 255]).size();
    }

    /** OBR's resolver looks for providers by testing the requirement against every resource's capabilities. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 2)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int findProvidersObr() {
        org.apache.felix.bundlerepository.Requirement requirement = obrRequirements[next++ & 255];
        List<Capability> found = new ArrayList<>();
        for (Resource resource : obr.getResources()) {
            for (Capability capability : resource.getCapabilities()) {
                if (requirement.isSatisfied(capability)) {
                    found.add(capability);
                }
            }
        }
        return found.size();
    }
}
