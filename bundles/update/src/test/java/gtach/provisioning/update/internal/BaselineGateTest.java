package gtach.provisioning.update.internal;

import gtach.provisioning.update.Change;
import gtach.provisioning.update.Plan;
import gtach.provisioning.update.UpdateRefusedException;
import gtach.provisioning.update.UpdateRequest;
import org.apache.felix.resolver.Logger;
import org.apache.felix.resolver.ResolverImpl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The API baseline at plan time, with real bundles compiled here: the tachometer 1.0.0, its consumers built
 * against it, and a tachometer 1.3.0 (export 1.3.0) that changes its API in one way or another.
 */
class BaselineGateTest {

    private static final String TACH = "gtach.example.tach";
    private static final String RANGE = "[1.0.0,2.0.0)";
    private static final String TACHOMETER = "gtach.example.tach.Tachometer";
    private static final String BOTH = """
            package gtach.example.tach;
            public class Tachometer {
                public int rpm() { return 0; }
                public int max() { return 8000; }
            }
            """;
    private static final String MAX_ONLY = """
            package gtach.example.tach;
            public class Tachometer {
                public int max() { return 8000; }
            }
            """;

    @TempDir
    Path dir;

    private final StoredPackages packages = new StoredPackages();
    private final ViewBuilder framework = new ViewBuilder();
    private CompiledBundles bundles;
    private Path oldTach;
    private BundleState tach;

    @BeforeEach
    void compiler() {
        bundles = new CompiledBundles(dir);
    }

    private Plan plan(UpdateRequest request) throws UpdateRefusedException {
        return plan(request, new BaselineGate());
    }

    private Plan plan(UpdateRequest request, BaselineGate gate) throws UpdateRefusedException {
        Planner planner = new Planner(packages, packages.repository(), null, new ResolverImpl(new Logger(Logger.LOG_ERROR)),
                new UnreadableJars(), RefreshPolicy.NONE, gate);
        return planner.plan(request, framework.generation(1), framework.view()).plan();
    }

    private static UpdateRequest updateTach() {
        return UpdateRequest.update(TACH, Optional.empty());
    }

    /** The tachometer 1.0.0 installed and a version of it stored with the new sources, exporting its package at that version. */
    private void tach(Map<String, String> before, String version, Map<String, String> after) throws IOException {
        oldTach = bundles.bundle(TACH, "1.0.0", Map.of("Export-Package", TACH + ";version=1.0.0"), before);
        Path newTach = bundles.bundle(TACH, version, Map.of("Export-Package", TACH + ";version=" + version), after);
        tach = framework.dependency(TACH, "1.0.0");
        packages.add(Resources.bundle(TACH, "1.0.0").exports(TACH, "1.0.0"), Resources.bundle(TACH, version).exports(TACH, version))
                .jar(TACH, "1.0.0", oldTach).jar(TACH, version, newTach);
    }

    private void tach(String before, String after) throws IOException {
        tach(Map.of(TACHOMETER, before), "1.3.0", Map.of(TACHOMETER, after));
    }

    /** A consumer 1.0.0 of the tachometer's package, built against its 1.0.0, installed and wired to it. */
    private void consumer(String name, String source) throws IOException {
        String className = name + ".Reader";
        Path jar = bundles.bundle(name, "1.0.0", Map.of("Import-Package", TACH + ";version=\"" + RANGE + "\""),
                Map.of(className, "package " + name + ";\n" + source), oldTach);
        BundleState consumer = framework.requested(name, "1.0.0");
        framework.wire(consumer, TACH, RANGE, tach);
        packages.add(Resources.bundle(name, "1.0.0").imports(TACH, RANGE)).jar(name, "1.0.0", jar);
    }

    @Test
    void aRemovedMethodIsRefusedNamingOnlyTheConsumerThatCallsIt() throws IOException {
        // Given the display calls rpm(), the log only max(), and the new tachometer has no rpm()
        tach(BOTH, MAX_ONLY);
        consumer("gtach.example.display", "public class Reader { int read(gtach.example.tach.Tachometer t) { return t.rpm(); } }");
        consumer("gtach.example.log", "public class Reader { int read(gtach.example.tach.Tachometer t) { return t.max(); } }");

        // Then the update is refused before anything changes, naming the display only
        assertThatThrownBy(() -> plan(updateTach()))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot update gtach.example.tach: gtach.example.tach 1.3.0 exports gtach.example.tach 1.3.0 but "
                        + "removed Tachometer.rpm(), which gtach.example.display 1.0.0 uses; a change like this needs "
                        + "version 2.0.0; nothing was changed.");
    }

    @Test
    void aRemovedMethodNoConsumerCallsIsAWarningInThePlan() throws Exception {
        tach(BOTH, MAX_ONLY);
        consumer("gtach.example.log", "public class Reader { int read(gtach.example.tach.Tachometer t) { return t.max(); } }");

        Plan plan = plan(updateTach());

        assertThat(plan.changes()).extracting(Change::symbolicName, c -> c.to().orElseThrow())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TACH, "1.3.0"));
        assertThat(plan.warnings()).containsExactly("gtach.example.tach 1.3.0 exports gtach.example.tach 1.3.0 but removed "
                + "Tachometer.rpm(), which none of the bundles wired to it (gtach.example.log 1.0.0) uses; a change like "
                + "this needs version 2.0.0");
    }

    @Test
    void aWarningNamesThreeChangesAndCountsTheRest() throws Exception {
        // Given five methods removed, none of which the log calls
        tach("""
                package gtach.example.tach;
                public class Tachometer {
                    public int rpm() { return 0; }
                    public int max() { return 8000; }
                    public int idle() { return 800; }
                    public int redline() { return 7000; }
                    public int gear() { return 1; }
                }
                """, """
                package gtach.example.tach;
                public class Tachometer {
                }
                """);
        consumer("gtach.example.log", "public class Reader { Object tachometer = new gtach.example.tach.Tachometer(); }");

        Plan plan = plan(updateTach());

        assertThat(plan.warnings()).singleElement().asString()
                .startsWith("gtach.example.tach 1.3.0 exports gtach.example.tach 1.3.0 but removed Tachometer.")
                .endsWith(" and 2 more changes, which none of the bundles wired to it (gtach.example.log 1.0.0) uses; "
                        + "a change like this needs version 2.0.0")
                .containsPattern("but removed Tachometer\\.[a-z]+\\(\\), removed Tachometer\\.[a-z]+\\(\\), removed "
                        + "Tachometer\\.[a-z]+\\(\\) and 2");
    }

    @Test
    void noBaselineLetsTheRemovedMethodThroughForThatRequest() throws Exception {
        tach(BOTH, MAX_ONLY);
        consumer("gtach.example.display", "public class Reader { int read(gtach.example.tach.Tachometer t) { return t.rpm(); } }");

        Plan plan = plan(updateTach().withoutBaseline());

        assertThat(plan.changes()).extracting(Change::symbolicName).containsExactly(TACH);
        assertThat(plan.warnings()).isEmpty();
        assertThat(plan.request()).hasToString("update gtach.example.tach --no-baseline");
    }

    @Test
    void aChangedParameterListRemovesTheMethodTheConsumerCalls() throws IOException {
        tach(BOTH, """
                package gtach.example.tach;
                public class Tachometer {
                    public int rpm(int cylinder) { return 0; }
                    public int max() { return 8000; }
                }
                """);
        consumer("gtach.example.display", "public class Reader { int read(gtach.example.tach.Tachometer t) { return t.rpm(); } }");

        assertThatThrownBy(() -> plan(updateTach()))
                .hasMessageContaining("exports gtach.example.tach 1.3.0 but removed Tachometer.rpm(), which "
                        + "gtach.example.display 1.0.0 uses; a change like this needs version 2.0.0; nothing was changed.");
    }

    @Test
    void aChangedReturnTypeIsAChangedMethod() throws IOException {
        tach(BOTH, """
                package gtach.example.tach;
                public class Tachometer {
                    public long rpm() { return 0; }
                    public int max() { return 8000; }
                }
                """);
        consumer("gtach.example.display", "public class Reader { long read(gtach.example.tach.Tachometer t) { return t.rpm(); } }");

        assertThatThrownBy(() -> plan(updateTach()))
                .hasMessageContaining("but changed Tachometer.rpm(), which gtach.example.display 1.0.0 uses; a change like "
                        + "this needs version 2.0.0");
    }

    @Test
    void aRemovedClassIsRefusedForTheConsumerThatNamesIt() throws IOException {
        tach(Map.of(TACHOMETER, BOTH, "gtach.example.tach.Gauge", "package gtach.example.tach;\npublic class Gauge { }"),
                "1.3.0", Map.of(TACHOMETER, BOTH));
        consumer("gtach.example.display", "public class Reader { Object gauge = new gtach.example.tach.Gauge(); }");

        assertThatThrownBy(() -> plan(updateTach()))
                .hasMessageContaining("but removed the class Gauge, which gtach.example.display 1.0.0 uses; a change like "
                        + "this needs version 2.0.0");
    }

    @Test
    void anAbstractMethodAddedToAConsumerTypeIsRefusedForTheConsumerThatImplementsIt() throws IOException {
        String listener = "gtach.example.tach.Listener";
        tach(Map.of(listener, """
                package gtach.example.tach;
                @org.osgi.annotation.versioning.ConsumerType
                public interface Listener { void rpm(int rpm); }
                """), "1.3.0", Map.of(listener, """
                package gtach.example.tach;
                @org.osgi.annotation.versioning.ConsumerType
                public interface Listener { void rpm(int rpm); void stopped(); }
                """));
        consumer("gtach.example.display", "public class Reader implements gtach.example.tach.Listener { public void rpm(int rpm) { } }");

        assertThatThrownBy(() -> plan(updateTach()))
                .hasMessageContaining("but added the abstract method Listener.stopped(), which gtach.example.display 1.0.0 "
                        + "implements; a change like this needs version 2.0.0");
    }

    @Test
    void aMethodAddedToAProviderTypeNeedsOnlyAMinorVersion() throws Exception {
        String tachometer = """
                package gtach.example.tach;
                @org.osgi.annotation.versioning.ProviderType
                public interface Tachometer { int rpm(); %s }
                """;
        tach(Map.of(TACHOMETER, tachometer.formatted("")), "1.3.0", Map.of(TACHOMETER, tachometer.formatted("int max();")));
        consumer("gtach.example.display", "public class Reader { int read(gtach.example.tach.Tachometer t) { return t.rpm(); } }");

        Plan plan = plan(updateTach());

        assertThat(plan.changes()).extracting(Change::symbolicName).containsExactly(TACH);
        assertThat(plan.warnings()).isEmpty();
    }

    @Test
    void additionsOnlyGoAheadWithoutWarnings() throws Exception {
        tach(Map.of(TACHOMETER, BOTH), "1.3.0", Map.of(TACHOMETER, """
                package gtach.example.tach;
                public class Tachometer {
                    public static final int REDLINE = 7000;
                    public int rpm() { return 0; }
                    public int rpm(int cylinder) { return 0; }
                    public int max() { return 8000; }
                }
                """, "gtach.example.tach.Gauge", "package gtach.example.tach;\npublic class Gauge { }"));
        consumer("gtach.example.display", "public class Reader { int read(gtach.example.tach.Tachometer t) { return t.rpm(); } }");

        Plan plan = plan(updateTach());

        assertThat(plan.changes()).extracting(Change::symbolicName).containsExactly(TACH);
        assertThat(plan.warnings()).isEmpty();
    }

    @Test
    void aMajorVersionBumpIsTheResolversBusinessNotTheGates() throws Exception {
        // Given a tachometer 2.0.0 (export 2.0.0) without rpm(), which the display calls
        tach(Map.of(TACHOMETER, BOTH), "2.0.0", Map.of(TACHOMETER, MAX_ONLY));
        consumer("gtach.example.display", "public class Reader { int read(gtach.example.tach.Tachometer t) { return t.rpm(); } }");

        // Then bnd finds nothing the export version does not already say
        assertThat(new ApiBreaks().between(oldTach, "old", packages.bundleFile(new gtach.provisioning.repository.PackageId(TACH,
                org.osgi.framework.Version.parseVersion("2.0.0")), "new"), "new", List.of(TACH))).isEmpty();
        // and the display's range [1,2) keeps the update from resolving, which the resolver says
        assertThatThrownBy(() -> plan(updateTach().allowingMajorChange()))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessageContaining("gtach.example.display")
                .hasMessageNotContaining("a change like this needs");
    }

    @Test
    void aStoredPackageIsComparedAheadSoThePlanAnalysesNothing() throws IOException {
        // Given the new tachometer is stored while the display that calls rpm() runs against the old one
        tach(BOTH, MAX_ONLY);
        consumer("gtach.example.display", "public class Reader { int read(gtach.example.tach.Tachometer t) { return t.rpm(); } }");
        BaselineGate gate = new BaselineGate();

        // When the repository says it stored it, both JARs are analysed then
        gate.prepare(packages.get(TACH, "1.3.0").orElseThrow(), framework.view(), packages);
        assertThat(gate.analysed()).isEqualTo(2);

        // Then the plan refuses as before, from what was kept, analysing nothing more
        assertRefusedFromWhatWasCompared(gate);
    }

    @Test
    void onlyAStoredUpdateOfAnInstalledBundleWithConsumersIsComparedAhead() throws IOException {
        tach(BOTH, MAX_ONLY);
        BaselineGate gate = new BaselineGate();

        // nobody is wired to the tachometer yet
        gate.prepare(packages.get(TACH, "1.3.0").orElseThrow(), framework.view(), packages);
        // the versions installed now, the tachometer and its display
        consumer("gtach.example.display", "public class Reader { int read(gtach.example.tach.Tachometer t) { return t.rpm(); } }");
        gate.prepare(packages.get(TACH, "1.0.0").orElseThrow(), framework.view(), packages);
        gate.prepare(packages.get("gtach.example.display", "1.0.0").orElseThrow(), framework.view(), packages);

        assertThat(gate.analysed()).isZero();
    }

    @Test
    void aNewerVersionStoredBeforeTheChangeThatInstallsTheOlderIsComparedAfterIt() throws Exception {
        // Given both tachometers were stored before anything was installed, so the add had nothing to compare with
        BaselineGate gate = comparedAfterAChangeTo(TACH);

        // Then the newest stored tachometer was compared on the preparation's thread, and the plan analyses nothing
        assertRefusedFromWhatWasCompared(gate);
    }

    @Test
    void aChangeThatGivesAnInstalledProviderAConsumerComparesTheProvidersNewerVersion() throws Exception {
        // Given the tachometer was installed alone, when nothing was wired to it to compare for
        BaselineGate gate = comparedAfterAChangeTo("gtach.example.display");

        assertRefusedFromWhatWasCompared(gate);
    }

    /** Both tachometers were analysed ahead, and the plan refuses the update from that, analysing nothing more. */
    private void assertRefusedFromWhatWasCompared(BaselineGate gate) {
        assertThat(gate.analysed()).isEqualTo(2);
        assertThatThrownBy(() -> plan(updateTach(), gate))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessageContaining("removed Tachometer.rpm(), which gtach.example.display 1.0.0 uses");
        assertThat(gate.analysed()).isEqualTo(2);
    }

    /** The tachometers 1.0.0 and 1.3.0 stored, 1.0.0 and its display installed, and then a change to the named bundle. */
    private BaselineGate comparedAfterAChangeTo(String changed) throws Exception {
        tach(BOTH, MAX_ONLY);
        consumer("gtach.example.display", "public class Reader { int read(gtach.example.tach.Tachometer t) { return t.rpm(); } }");
        BaselineGate gate = new BaselineGate();
        org.osgi.service.log.Logger quiet = (org.osgi.service.log.Logger) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {org.osgi.service.log.Logger.class}, (proxy, method, args) -> null);
        try (ApiPreparation preparation = new ApiPreparation(gate, framework::view, () -> packages, quiet)) {
            preparation.changed(List.of(changed));
            for (int i = 0; i < 600 && gate.analysed() < 2; i++) {
                Thread.sleep(100);
            }
        }
        return gate;
    }

    /** The display calling rpm() on the tachometer 1.0.0, and the tachometer 1.3.0 compared with it into a directory. */
    private Path comparedBeforeARestart() throws IOException {
        tach(BOTH, MAX_ONLY);
        consumer("gtach.example.display", "public class Reader { int read(gtach.example.tach.Tachometer t) { return t.rpm(); } }");
        Path kept = dir.resolve("cache/api-baseline");
        new BaselineGate(kept).prepare(packages.get(TACH, "1.3.0").orElseThrow(), framework.view(), packages);
        return kept;
    }

    @Test
    void aComparisonKeptOnDiskAnswersThePlanAfterARestart() throws Exception {
        // Given the new tachometer was compared when it was stored, by the runtime before a restart
        Path kept = comparedBeforeARestart();

        // When the restarted runtime plans the update
        BaselineGate restarted = new BaselineGate(kept);
        assertThatThrownBy(() -> plan(updateTach(), restarted))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessageContaining("gtach.example.tach 1.3.0 exports gtach.example.tach 1.3.0 but removed Tachometer.rpm(), "
                        + "which gtach.example.display 1.0.0 uses; a change like this needs version 2.0.0");

        // Then it refused from what was kept, analysing nothing
        assertThat(restarted.analysed()).isZero();
        assertThat(kept).isDirectoryContaining("glob:**.json");
    }

    @Test
    void aKeptComparisonCutShortIsMadeAgainAndKeptWhole() throws Exception {
        Path kept = comparedBeforeARestart();
        Path file;
        try (var files = java.nio.file.Files.list(kept)) {
            file = files.findFirst().orElseThrow();
        }
        byte[] whole = java.nio.file.Files.readAllBytes(file);
        java.nio.file.Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));

        BaselineGate restarted = new BaselineGate(kept);
        assertThatThrownBy(() -> plan(updateTach(), restarted))
                .hasMessageContaining("removed Tachometer.rpm(), which gtach.example.display 1.0.0 uses");
        assertThat(restarted.analysed()).isEqualTo(2);
        assertThat(file).hasBinaryContent(whole);
    }

    @Test
    void aComparisonOfMorePackagesAnswersForFewer() throws Exception {
        // Given a tachometer whose new version removes rpm() from one package and keeps the other as it was
        oldTach = bundles.bundle(TACH, "1.0.0", Map.of("Export-Package", TACH + ";version=1.0.0,gtach.example.tach.units;version=1.0.0"),
                Map.of(TACHOMETER, BOTH, "gtach.example.tach.units.Rpm", "package gtach.example.tach.units;\npublic class Rpm { }"));
        Path newTach = bundles.bundle(TACH, "1.3.0", Map.of("Export-Package", TACH + ";version=1.3.0,gtach.example.tach.units;version=1.3.0"),
                Map.of(TACHOMETER, MAX_ONLY, "gtach.example.tach.units.Rpm", "package gtach.example.tach.units;\npublic class Rpm { }"));
        ApiBreaks apis = new ApiBreaks();

        List<ApiBreaks.PackageBreaks> both = apis.between(oldTach, "old", newTach, "new", List.of(TACH, "gtach.example.tach.units"));
        List<ApiBreaks.PackageBreaks> one = apis.between(oldTach, "old", newTach, "new", List.of("gtach.example.tach.units"));
        List<ApiBreaks.PackageBreaks> other = apis.between(oldTach, "old", newTach, "new", List.of(TACH));

        // Then the later questions are answered from the first comparison, each with its own packages only
        assertThat(both).extracting(ApiBreaks.PackageBreaks::packageName).containsExactly(TACH);
        assertThat(one).isEmpty();
        assertThat(other).isEqualTo(both);
        assertThat(apis.analysed()).isEqualTo(2);
    }
}
