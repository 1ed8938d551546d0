package gtach.provisioning.benchmarks;

import gtach.provisioning.repository.internal.RemoteAccess;
import gtach.provisioning.testing.NginxServer;
import org.apache.felix.bundlerepository.Repository;
import org.apache.felix.bundlerepository.Requirement;
import org.apache.felix.bundlerepository.Resource;
import org.apache.felix.bundlerepository.impl.DataModelHelperImpl;
import org.apache.felix.bundlerepository.impl.ResolverImpl;
import org.apache.felix.utils.log.Logger;
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
import org.osgi.framework.BundleContext;

import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Planning an install against a fetched remote index of 10,000 packages, with nothing stored
 * locally, against Felix OBR's resolver over the same {@code index.xml.gz}.
 * <p>
 * One embedded runtime ({@link EmbeddedRuntime}, the runtime's real bundle set, an empty local
 * repository) is given the published remote of {@link PublishedSite} (10,000 generated packages,
 * layered imports) through its {@code RemoteRepositories} service, pinned to the site's public key,
 * and fetches it once from nginx on loopback. The package planned is the highest name,
 * {@code gtach.gen.p<names-1>}, range {@code [1.0.0,2.0.0)}: its imports reach down through the
 * layers to {@code gtach.gen.p0}, a chain ten deep.
 * <ul>
 * <li>{@code gtachPlanFromRemote}: {@code UpdateService.plan(UpdateRequest.install(name, range))},
 * a dry run whose every package comes from the remote; checks the plan's size and that
 * {@code Plan.downloads()} names every package.</li>
 * <li>{@code obrResolve} (baseline): a new OBR 2.0.10 {@code ResolverImpl} over the same index,
 * parsed once with {@code DataModelHelperImpl.repository(url)}, given the requirement
 * {@code bundle: (&(symbolicname=<name>)(version>=1.0.0)(!(version>=2.0.0)))} and resolved; checks
 * the size of what it picked. Its {@code BundleContext} is a proxy that fails on any call: OBR's
 * resolve never uses it (only its deploy does), and it is given no system or local repository
 * (those need a running framework; nothing is installed and the generated packages import only
 * one another, so they would add no candidate).</li>
 * <li>{@code gtachCandidatesFromStored}: what {@code RemoteRepositories.candidates()} does when
 * nothing is cached (the first call after a fetch): the kept release and index read back, the
 * signature and hash verified, the index parsed and the lookup built over its 10,000 entries.</li>
 * <li>{@code gtachCandidatesLookup}: only the lookup built over the parsed entries.</li>
 * </ul>
 * Setup checks that both sides pick the same packages at the same versions.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-Dorg.jline.terminal.dumb=true", "-Djmh.shutdownTimeout=0"})
public class RemotePlanBenchmark {

    private static final String REMOTE = "bench";
    private static final String RANGE = "[1.0.0,2.0.0)";

    @Param({"10000"})
    public int packages;

    private PublishedSite published;
    private NginxServer nginx;
    private Path home;
    private Path kept;
    private EmbeddedRuntime runtime;
    private ProvisioningServices services;
    private RemoteServices remotes;
    private String target;
    private int planned;

    private Repository obrRepository;
    private Requirement obrRequirement;
    private BundleContext noFramework;
    private Logger obrLogger;
    private int obrPicked;

    private Object fetched;
    private URI base;

    @Setup(Level.Trial)
    public void prepare() throws Exception {
        NginxServer.requireInstalled();
        Properties paths = new Properties();
        try (InputStream in = RemotePlanBenchmark.class.getResourceAsStream("/benchmark-paths.properties")) {
            paths.load(in);
        }
        published = PublishedSite.ensure(packages);
        nginx = NginxServer.serving(published.site()).start();
        base = URI.create(nginx.url("/"));
        target = GeneratedBundles.symbolicName(packages - 1);

        home = Files.createTempDirectory("gtach-remote-plan-");
        runtime = EmbeddedRuntime.start(home, Path.of(paths.getProperty("gtach.bundles")));
        services = ProvisioningServices.await(runtime.context());
        remotes = RemoteServices.await(runtime.context());
        Path keyFile = home.resolve("remote-key.json");
        published.key().writePublicKey(keyFile);
        remotes.add(REMOTE, base.toString(), keyFile);
        long start = System.nanoTime();
        int indexed = remotes.fetch(REMOTE);
        long fetchedAt = System.nanoTime();
        remotes.candidates();
        long candidatesAt = System.nanoTime();
        if (indexed != packages) {
            throw new IllegalStateException("The fetched index has " + indexed + " packages, not " + packages);
        }
        ProvisioningServices.Planned first = services.plan(target, RANGE);
        long plannedAt = System.nanoTime();
        planned = checked(first);
        System.out.printf("%nfetch %d ms, first candidates() %d ms, first plan %d ms: %d packages, all from the remote%n",
                TimeUnit.NANOSECONDS.toMillis(fetchedAt - start), TimeUnit.NANOSECONDS.toMillis(candidatesAt - fetchedAt),
                TimeUnit.NANOSECONDS.toMillis(plannedAt - candidatesAt), planned);

        DataModelHelperImpl helper = new DataModelHelperImpl();
        obrRepository = helper.repository(new URL(nginx.url("/index.xml.gz")));
        obrRequirement = helper.requirement("bundle",
                "(&(symbolicname=" + target + ")(version>=1.0.0)(!(version>=2.0.0)))");
        noFramework = (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "no framework";
                    default -> throw new UnsupportedOperationException("OBR called BundleContext." + method.getName());
                });
        obrLogger = new Logger(noFramework);
        Resource[] picked = obrPicks();
        obrPicked = picked.length;
        Set<String> obr = new TreeSet<>();
        for (Resource resource : picked) {
            obr.add(resource.getSymbolicName() + " " + resource.getVersion());
        }
        Set<String> gtach = new TreeSet<>(first.targets());
        if (!obr.equals(gtach)) {
            throw new IllegalStateException("OBR picks other packages than GTach plans:\nOBR   " + obr + "\nGTach " + gtach);
        }
        System.out.printf("GTach plans %d packages, OBR picks %d, the same names and versions%n", planned, obrPicked);

        kept = Files.createTempDirectory("gtach-remote-plan-kept-");
        fetched = published.key().fetch(base, kept);
    }

    /** The plan's size, after checking it installs the target and downloads every package it names. */
    private int checked(ProvisioningServices.Planned plan) {
        if (!plan.changes().contains(target)) {
            throw new IllegalStateException("The plan does not install " + target + ": " + plan.changes());
        }
        if (plan.downloads().size() != plan.changes().size()) {
            throw new IllegalStateException("The plan installs " + plan.changes().size() + " packages but downloads "
                    + plan.downloads().size() + ": " + plan.downloads());
        }
        return plan.changes().size();
    }

    private Resource[] obrPicks() {
        ResolverImpl resolver = new ResolverImpl(noFramework, new Repository[] {obrRepository}, obrLogger);
        resolver.add(obrRequirement);
        if (!resolver.resolve()) {
            throw new IllegalStateException("OBR cannot resolve " + target + ": "
                    + resolver.getUnsatisfiedRequirements().length + " unsatisfied requirements");
        }
        return resolver.getRequiredResources();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        try {
            if (remotes != null) {
                remotes.close();
            }
            UpdateBenchmark.close(services, runtime, home);
        } finally {
            if (nginx != null) {
                nginx.close();
            }
            if (kept != null) {
                PublishedSite.deleteTree(kept);
            }
        }
    }

    @Benchmark
    public int gtachPlanFromRemote() {
        int size = checked(services.plan(target, RANGE));
        if (size != planned) {
            throw new IllegalStateException("The plan changed: " + size + " packages, not " + planned);
        }
        return size;
    }

    @Benchmark
    public int obrResolve() {
        int size = obrPicks().length;
        if (size != obrPicked) {
            throw new IllegalStateException("OBR's pick changed: " + size + " packages, not " + obrPicked);
        }
        return size;
    }

    @Benchmark
    public int gtachCandidatesFromStored() throws Exception {
        return checkedSize(published.key().storedCandidates(base, kept));
    }

    @Benchmark
    public int gtachCandidatesLookup() {
        return checkedSize(RemoteAccess.candidates(fetched, base));
    }

    private int checkedSize(org.osgi.service.repository.Repository candidates) {
        int size = RemoteAccess.size(candidates);
        if (size != packages) {
            throw new IllegalStateException("The candidates hold " + size + " packages, not " + packages);
        }
        return size;
    }
}
