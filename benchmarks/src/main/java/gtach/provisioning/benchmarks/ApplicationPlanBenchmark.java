package gtach.provisioning.benchmarks;

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

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * Planning an application of 30 packages against a repository of 10,000: one request for the
 * application bundle, which names its members with {@code Require-Capability: osgi.identity}
 * requirements and lets the resolver pull them in, against 30 requests that each install one member.
 * <p>
 * Each trial starts one Felix in this JVM with the runtime's real bundle set on a new GTach home
 * (see {@link EmbeddedRuntime}), and adds to its repository, through {@code PackageRepository.add(dir)},
 * the generated packages ({@link GeneratedBundles}, with {@link GeneratedBundles.Imports#LAYERED
 * layered} imports: 1,000 names in ten versions each) and the application bundle
 * {@code gtach.gen.app} 1.0.0. Its members are 30 names spread evenly over the repository
 * (from {@code gtach.gen.p999} down), each with a range whose lower bound varies ({@code [1.<j%10>.0,2.0.0)}); the members
 * and the libraries they import make an application of a few hundred bundles. Nothing is installed:
 * every plan is a dry run ({@code UpdateService.plan}) from the same empty application.
 * <ul>
 * <li>{@code planApplication}: one operation is {@code plan(install gtach.gen.app [1.0.0,1.0.0])}.</li>
 * <li>{@code planMembersOneByOne}: one operation is {@code plan(install <member> <range>)} for each of
 * the 30 members in turn, with the range the application gives it: the sum of 30 plans.</li>
 * </ul>
 * Every operation checks the size of what it planned.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.jline.terminal.dumb=true",
        "-Djmh.shutdownTimeout=0"})
public class ApplicationPlanBenchmark {

    static final String APPLICATION = "gtach.gen.app";
    private static final String APPLICATION_VERSION = "1.0.0";

    @Param({"10000"})
    public int packages;

    @Param({"30"})
    public int members;

    private Path home;
    private EmbeddedRuntime runtime;
    private ProvisioningServices services;
    private final List<String> memberNames = new ArrayList<>();
    private final List<String> memberRanges = new ArrayList<>();
    private int applicationChanges;
    private int memberChanges;

    @Setup(Level.Trial)
    public void prepare() throws Exception {
        Properties paths = new Properties();
        try (InputStream in = ApplicationPlanBenchmark.class.getResourceAsStream("/benchmark-paths.properties")) {
            paths.load(in);
        }
        home = Files.createTempDirectory("gtach-plan-");
        Path generated = Files.createDirectories(home.resolve("generated"));
        long start = System.nanoTime();
        for (int i = 0; i < packages; i++) {
            Manifest manifest = GeneratedBundles.manifest(i, packages, GeneratedBundles.Imports.LAYERED);
            Files.write(generated.resolve(GeneratedBundles.symbolicName(i) + "-" + GeneratedBundles.version(i) + ".jar"),
                    GeneratedBundles.jar(manifest));
        }
        int names = packages / GeneratedBundles.VERSIONS_PER_NAME;
        if (members > names) {
            throw new IllegalArgumentException(members + " members, but only " + names + " names");
        }
        for (int j = 0; j < members; j++) {
            memberNames.add(GeneratedBundles.symbolicName((names - 1 - j * (names / members)) * GeneratedBundles.VERSIONS_PER_NAME));
            memberRanges.add("[1." + (j % GeneratedBundles.VERSIONS_PER_NAME) + ".0,2.0.0)");
        }
        Files.write(generated.resolve(APPLICATION + "-" + APPLICATION_VERSION + ".jar"), GeneratedBundles.jar(application()));

        runtime = EmbeddedRuntime.start(home, Path.of(paths.getProperty("gtach.bundles")));
        services = ProvisioningServices.await(runtime.context());
        services.add(generated);
        UpdateBenchmark.deleteRecursively(generated);
        System.out.printf("%n%d packages generated and added in %d s%n", packages + 1,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));

        List<String> planned = services.planInstall(APPLICATION, exactly(APPLICATION_VERSION));
        if (!planned.contains(APPLICATION) || !planned.containsAll(memberNames)) {
            throw new IllegalStateException("The application's plan lacks some of its members: " + planned);
        }
        applicationChanges = planned.size();
        Set<String> union = new HashSet<>();
        for (int j = 0; j < members; j++) {
            List<String> member = services.planInstall(memberNames.get(j), memberRanges.get(j));
            memberChanges += member.size();
            union.addAll(member);
        }
        union.add(APPLICATION);
        if (!union.equals(new HashSet<>(planned))) {
            throw new IllegalStateException("The members' plans install other packages than the application's");
        }
        System.out.printf("The application's plan installs %d packages (itself, %d members, %d libraries);"
                + " its members' %d plans install %d in all%n", applicationChanges, members,
                applicationChanges - members - 1, members, memberChanges);
    }

    /** The application bundle: no classes, only the names and ranges of its members. */
    private Manifest application() {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", APPLICATION);
        main.putValue("Bundle-Version", APPLICATION_VERSION);
        main.putValue("Bundle-Name", "Generated application of " + members + " packages");
        List<String> clauses = new ArrayList<>();
        for (int j = 0; j < members; j++) {
            String range = memberRanges.get(j);
            String low = range.substring(1, range.indexOf(','));
            String high = range.substring(range.indexOf(',') + 1, range.length() - 1);
            clauses.add("osgi.identity;filter:=\"(&(osgi.identity=" + memberNames.get(j) + ")(version>=" + low
                    + ")(!(version>=" + high + ")))\"");
        }
        main.putValue("Require-Capability", String.join(",", clauses));
        return manifest;
    }

    private static String exactly(String version) {
        return "[" + version + "," + version + "]";
    }

    @Benchmark
    public int planApplication() {
        int planned = services.planInstall(APPLICATION, exactly(APPLICATION_VERSION)).size();
        if (planned != applicationChanges) {
            throw new IllegalStateException("The application's plan changed: " + planned + " packages, not " + applicationChanges);
        }
        return planned;
    }

    @Benchmark
    public int planMembersOneByOne() {
        int planned = 0;
        for (int j = 0; j < members; j++) {
            planned += services.planInstall(memberNames.get(j), memberRanges.get(j)).size();
        }
        if (planned != memberChanges) {
            throw new IllegalStateException("The members' plans changed: " + planned + " packages, not " + memberChanges);
        }
        return planned;
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        UpdateBenchmark.close(services, runtime, home);
    }
}
