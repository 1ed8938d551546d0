package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.AddOutcome.Status;
import gtach.provisioning.repository.ImportedPackage;
import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.version.SemanticRange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.osgi.resource.Capability;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Real bundles from Maven Central: two versions of commons-lang3 and the Jackson 2.17.2 trio. */
class RealBundlesTest {

    private static final String DATABIND = "com.fasterxml.jackson.core.jackson-databind";
    private static final String CORE = "com.fasterxml.jackson.core.jackson-core";
    private static final String ANNOTATIONS = "com.fasterxml.jackson.core.jackson-annotations";
    private static final String LANG = "org.apache.commons.lang3";

    @TempDir
    static Path temp;

    private static RepositoryStore store;
    private static List<AddOutcome> outcomes;

    @BeforeAll
    static void fill() throws Exception {
        Path jars = Files.createDirectories(temp.resolve("jars"));
        for (String file : List.of("commons-lang3-3.16.0.jar", "commons-lang3-3.17.0.jar", "jackson-core-2.17.2.jar",
                "jackson-databind-2.17.2.jar", "jackson-annotations-2.17.2.jar")) {
            Files.copy(TestBundle.real(file), jars.resolve(file));
        }
        store = RepositoryStore.open(temp.resolve("repository"));
        outcomes = store.add(jars.toString());
    }

    private static List<String> ids(List<PackageInfo> infos) {
        return infos.stream().map(info -> info.id().toString()).toList();
    }

    private static List<String> ids(Collection<Capability> capabilities) {
        return capabilities.stream().map(capability -> capability.getResource().toString()).toList();
    }

    @Test
    void allFiveAreStored() {
        // Then
        assertThat(outcomes).extracting(AddOutcome::status).containsOnly(Status.ADDED);
        assertThat(ids(store.list("*"))).containsExactly(ANNOTATIONS + " 2.17.2", CORE + " 2.17.2", DATABIND + " 2.17.2",
                LANG + " 3.16.0", LANG + " 3.17.0");
        assertThat(store.versions(LANG)).extracting(info -> info.id().version())
                .containsExactly(new Version(3, 16, 0), new Version(3, 17, 0));
    }

    @Test
    void exportersAndImportersOfJacksonPackages() {
        // When / Then
        assertThat(ids(store.exporters("com.fasterxml.jackson.core"))).containsExactly(CORE + " 2.17.2");
        assertThat(ids(store.exporters("com.fasterxml.jackson.annotation"))).containsExactly(ANNOTATIONS + " 2.17.2");
        // jackson-core imports what it exports, so that a framework may substitute it
        assertThat(ids(store.importers("com.fasterxml.jackson.core"))).containsExactly(CORE + " 2.17.2", DATABIND + " 2.17.2");
        assertThat(ids(store.importers("com.fasterxml.jackson.annotation"))).containsExactly(DATABIND + " 2.17.2");
        assertThat(ids(store.exporters("org.apache.commons.lang3.tuple"))).containsExactly(LANG + " 3.16.0", LANG + " 3.17.0");
        PackageInfo databind = store.get(DATABIND, "2.17.2").orElseThrow();
        assertThat(databind.imports()).contains(new ImportedPackage("com.fasterxml.jackson.annotation",
                new VersionRange("[2.17.0,3.0.0)"), false));
        assertThat(databind.exports()).extracting(export -> export.name()).contains("com.fasterxml.jackson.databind",
                "com.fasterxml.jackson.databind.node");
    }

    @Test
    void searchFindsByDescriptionAndExportedPackage() {
        // When / Then
        assertThat(ids(store.search("data-binding", Optional.empty()))).containsExactly(DATABIND + " 2.17.2");
        assertThat(ids(store.search("lang3.builder", Optional.empty()))).containsExactly(LANG + " 3.16.0", LANG + " 3.17.0");
        assertThat(ids(store.search("commons", Optional.of(SemanticRange.parse("^3.17"))))).containsExactly(LANG + " 3.17.0");
        assertThat(ids(store.search("JACKSON", Optional.of(SemanticRange.parse("~2.17.0"))))).hasSize(3);
    }

    @Test
    void findProvidersResolvesDatabindsImports() {
        // Given
        Resource databind = store.resource(new PackageId(DATABIND, new Version(2, 17, 2)));

        // When / Then: each Jackson import of databind is satisfied by core, annotations or databind itself
        List<Requirement> jacksonImports = databind.getRequirements("osgi.wiring.package").stream()
                .filter(requirement -> requirement.getDirectives().get("filter").contains("com.fasterxml.jackson"))
                .toList();
        assertThat(jacksonImports).hasSizeGreaterThan(20);
        for (Requirement requirement : jacksonImports) {
            Collection<Capability> found = store.findProviders(requirement);
            assertThat(ids(found)).as(requirement.toString()).hasSize(1)
                    .first().isIn(CORE + " 2.17.2", ANNOTATIONS + " 2.17.2", DATABIND + " 2.17.2");
        }
        assertThat(store.findProviders(TestRequirement.of("osgi.wiring.package", "(osgi.wiring.package=javax.xml.datatype)")))
                .isEmpty();
        assertThat(databind.getRequirements("osgi.ee")).singleElement().satisfies(requirement ->
                assertThat(requirement.getDirectives()).containsEntry("filter", "(&(osgi.ee=JavaSE)(version=1.8))"));
    }

    @Test
    void findProvidersPicksLangVersionsByRange() {
        // Given
        Requirement both = TestRequirement.of("osgi.wiring.package",
                "(&(osgi.wiring.package=org.apache.commons.lang3)(version>=3.16.0)(!(version>=4.0.0)))");
        Requirement newest = TestRequirement.of("osgi.identity", "(&(osgi.identity=org.apache.commons.lang3)(version>=3.17.0))");
        Requirement byBundle = TestRequirement.of("osgi.wiring.bundle",
                "(&(osgi.wiring.bundle=org.apache.commons.lang3)(bundle-version<=3.16.0))");

        // When / Then
        assertThat(ids(store.findProviders(both))).containsExactly(LANG + " 3.16.0", LANG + " 3.17.0");
        assertThat(ids(store.findProviders(newest))).containsExactly(LANG + " 3.17.0");
        assertThat(ids(store.findProviders(byBundle))).containsExactly(LANG + " 3.16.0");
    }

    @Test
    void everyCapabilityIsFoundByAFilterOnAllItsIndexedAttributes() {
        // Given: filters that the index alone can judge must find exactly what the full attributes match
        for (PackageInfo info : store.list("*")) {
            Resource resource = store.resource(info.id());
            for (Capability capability : resource.getCapabilities(null)) {
                String filter = exactFilter(capability);

                // When
                Collection<Capability> found = store.findProviders(TestRequirement.of(capability.getNamespace(), filter));

                // Then
                assertThat(found).as(filter).contains(capability);
            }
        }
    }

    @Test
    void theIndexCanAnswerForEveryRealBundle() throws Exception {
        // When
        PackageIndex index = IndexFormat.read(store.root().resolve("index.json"));

        // Then
        assertThat(index.entries()).allSatisfy(entry -> assertThat(entry.layout()).as(entry.toString()).isPresent());
        assertThat(index.get(new PackageId(LANG, new Version(3, 17, 0))).orElseThrow().layout().orElseThrow())
                .startsWith("ip").endsWith("bh").hasSize(store.resource(new PackageId(LANG, new Version(3, 17, 0)))
                        .getCapabilities(null).size() - 1);
    }

    @Test
    void identityCarriesTheManifestDocumentation() {
        // When
        Resource lang = store.resource(new PackageId(LANG, new Version(3, 17, 0)));

        // Then
        Map<String, Object> identity = lang.getCapabilities("osgi.identity").get(0).getAttributes();
        assertThat(identity).containsEntry("osgi.identity", LANG).containsEntry("type", "osgi.bundle")
                .containsEntry("version", new Version(3, 17, 0)).containsKey("description");
    }

    private static String exactFilter(Capability capability) {
        StringBuilder filter = new StringBuilder("(&");
        capability.getAttributes().forEach((key, value) -> {
            if (value instanceof String || value instanceof Version || value instanceof Long) {
                filter.append('(').append(key).append('=').append(escape(value.toString())).append(')');
            }
        });
        return filter.append(')').toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("*", "\\*");
    }
}
