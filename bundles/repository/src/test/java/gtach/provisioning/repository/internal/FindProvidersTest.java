package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import aQute.bnd.osgi.resource.CapReqBuilder;
import gtach.provisioning.repository.PackageId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;
import org.osgi.resource.Capability;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.service.repository.RepositoryContent;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** findProviders as the OSGi Repository specification defines it, namespace by namespace. */
class FindProvidersTest {

    @TempDir
    Path temp;

    private RepositoryStore store;

    @BeforeEach
    void fill() throws Exception {
        Path jars = temp.resolve("jars");
        TestBundle.named("gtach.bus", "1.0.0").exports("gtach.bus;version=1.0.0,gtach.bus.spi;version=1.0.0")
                .writeTo(jars.resolve("bus-1.jar"));
        TestBundle.named("gtach.bus", "1.5.0").exports("gtach.bus;version=1.5.0;vendor=acme")
                .writeTo(jars.resolve("bus-1.5.jar"));
        TestBundle.named("gtach.bus", "2.0.0").exports("gtach.bus;version=2.0.0").writeTo(jars.resolve("bus-2.jar"));
        TestBundle.named("gtach.bus.fragment", "1.0.0").header("Fragment-Host", "gtach.bus")
                .exports("gtach.bus.extra;version=1.0.0").writeTo(jars.resolve("fragment.jar"));
        TestBundle.named("gtach.gauges", "1.0.0")
                .header("Provide-Capability", "gtach.gauge;gtach.gauge=speed;max:Long=8000;ratio:Double=1.5;"
                        + "units:List<String>=\"rpm,hz\";since:Version=1.2,"
                        + "osgi.service;objectClass:List<String>=\"gtach.Gauge\"")
                .writeTo(jars.resolve("gauges.jar"));
        store = RepositoryStore.open(temp.resolve("repository"));
        store.add(jars.toString());
    }

    private static List<String> providers(Collection<Capability> capabilities) {
        return capabilities.stream().map(capability -> ((StoredResource) capability.getResource()).id() + " "
                + capability.getAttributes().get(capability.getNamespace())).toList();
    }

    @Test
    void packageRequirementWithAVersionRange() {
        // Given
        Requirement requirement = TestRequirement.of("osgi.wiring.package",
                "(&(osgi.wiring.package=gtach.bus)(version>=1.0.0)(!(version>=2.0.0)))");

        // When
        Collection<Capability> found = store.findProviders(requirement);

        // Then
        assertThat(providers(found)).containsExactly("gtach.bus 1.0.0 gtach.bus", "gtach.bus 1.5.0 gtach.bus");
        assertThat(found).allSatisfy(capability -> {
            assertThat(capability.getNamespace()).isEqualTo("osgi.wiring.package");
            assertThat(capability.getResource().getCapabilities("osgi.wiring.package")).contains(capability);
        });
    }

    @Test
    void packageRequirementBuiltWithBnd() {
        // Given
        Requirement requirement = CapReqBuilder.createPackageRequirement("gtach.bus", "[1.5,3)").buildSyntheticRequirement();

        // When
        Collection<Capability> found = store.findProviders(requirement);

        // Then
        assertThat(providers(found)).containsExactly("gtach.bus 1.5.0 gtach.bus", "gtach.bus 2.0.0 gtach.bus");
    }

    @Test
    void packageRequirementOnAnAttributeTheIndexDoesNotHold() {
        // Given
        Requirement requirement = TestRequirement.of("osgi.wiring.package", "(&(osgi.wiring.package=gtach.bus)(vendor=acme))");

        // When
        Collection<Capability> found = store.findProviders(requirement);

        // Then
        assertThat(providers(found)).containsExactly("gtach.bus 1.5.0 gtach.bus");
    }

    @Test
    void packageRequirementNamingSeveralPackages() {
        // Given
        Requirement requirement = TestRequirement.of("osgi.wiring.package",
                "(|(osgi.wiring.package=gtach.bus.extra)(osgi.wiring.package=gtach.bus.spi))");

        // When
        Collection<Capability> found = store.findProviders(requirement);

        // Then
        assertThat(providers(found)).containsExactly("gtach.bus 1.0.0 gtach.bus.spi", "gtach.bus.fragment 1.0.0 gtach.bus.extra");
    }

    @Test
    void packageRequirementWithAWildcard() {
        // Given
        Requirement requirement = TestRequirement.of("osgi.wiring.package", "(osgi.wiring.package=gtach.bus.*)");

        // When
        Collection<Capability> found = store.findProviders(requirement);

        // Then
        assertThat(providers(found)).containsExactly("gtach.bus 1.0.0 gtach.bus.spi", "gtach.bus.fragment 1.0.0 gtach.bus.extra");
    }

    @Test
    void packageRequirementOnTheExportingBundle() {
        // Given
        Requirement requirement = TestRequirement.of("osgi.wiring.package",
                "(&(osgi.wiring.package=gtach.bus)(bundle-symbolic-name=gtach.bus)(bundle-version>=1.5))");

        // When
        Collection<Capability> found = store.findProviders(requirement);

        // Then
        assertThat(providers(found)).containsExactly("gtach.bus 1.5.0 gtach.bus", "gtach.bus 2.0.0 gtach.bus");
    }

    @Test
    void identityRequirement() {
        // Given
        Requirement bundles = TestRequirement.of("osgi.identity", "(&(osgi.identity=gtach.bus)(version>=1.5))");
        Requirement fragments = TestRequirement.of("osgi.identity", "(type=osgi.fragment)");

        // When / Then
        assertThat(providers(store.findProviders(bundles))).containsExactly("gtach.bus 1.5.0 gtach.bus", "gtach.bus 2.0.0 gtach.bus");
        assertThat(providers(store.findProviders(fragments))).containsExactly("gtach.bus.fragment 1.0.0 gtach.bus.fragment");
    }

    @Test
    void bundleAndHostRequirements() {
        // Given
        Requirement bundle = TestRequirement.of("osgi.wiring.bundle",
                "(&(osgi.wiring.bundle=gtach.bus)(bundle-version>=1.0.0)(!(bundle-version>=1.5.0)))");
        Requirement host = TestRequirement.of("osgi.wiring.host", "(osgi.wiring.host=gtach.bus)");
        Requirement fragmentAsHost = TestRequirement.of("osgi.wiring.host", "(osgi.wiring.host=gtach.bus.fragment)");

        // When / Then
        assertThat(providers(store.findProviders(bundle))).containsExactly("gtach.bus 1.0.0 gtach.bus");
        assertThat(providers(store.findProviders(host))).containsExactly("gtach.bus 1.0.0 gtach.bus",
                "gtach.bus 1.5.0 gtach.bus", "gtach.bus 2.0.0 gtach.bus");
        assertThat(store.findProviders(fragmentAsHost)).isEmpty();
    }

    @Test
    void genericRequirementWithTypedAttributes() {
        // Given
        Requirement requirement = TestRequirement.of("gtach.gauge",
                "(&(gtach.gauge=speed)(max>=5000)(ratio<=2)(units=hz)(since>=1.2.0))");
        Requirement tooFast = TestRequirement.of("gtach.gauge", "(&(gtach.gauge=speed)(max>=9000))");

        // When
        Collection<Capability> found = store.findProviders(requirement);

        // Then
        assertThat(found).singleElement().satisfies(capability -> {
            assertThat(capability.getAttributes()).containsExactlyInAnyOrderEntriesOf(Map.of("gtach.gauge", "speed",
                    "max", 8000L, "ratio", 1.5, "units", List.of("rpm", "hz"), "since", new Version(1, 2, 0)));
            assertThat(((StoredResource) capability.getResource()).id()).isEqualTo(new PackageId("gtach.gauges", new Version(1, 0, 0)));
        });
        assertThat(store.findProviders(tooFast)).isEmpty();
        assertThat(store.findProviders(TestRequirement.of("osgi.service", "(objectClass=gtach.Gauge)"))).hasSize(1);
    }

    @Test
    void aRequirementWithoutFilterMatchesTheWholeNamespace() {
        // When / Then
        assertThat(store.findProviders(TestRequirement.unfiltered("osgi.wiring.package"))).hasSize(5);
        assertThat(store.findProviders(TestRequirement.unfiltered("osgi.identity"))).hasSize(5);
        assertThat(store.findProviders(TestRequirement.unfiltered("gtach.gauge"))).hasSize(1);
        assertThat(store.findProviders(TestRequirement.unfiltered("no.such.namespace"))).isEmpty();
    }

    @Test
    void anInvalidFilterMatchesNothing() {
        // When / Then
        assertThat(store.findProviders(TestRequirement.of("osgi.wiring.package", "(&(osgi.wiring.package=gtach.bus)"))).isEmpty();
    }

    @Test
    void contentCapabilityOfTheResource() throws Exception {
        // Given
        PackageId id = new PackageId("gtach.bus", new Version(2, 0, 0));
        String sha256 = store.get("gtach.bus", "2.0.0").orElseThrow().sha256();
        Path bundle = store.bundleFile(id);

        // When
        Collection<Capability> found = store.findProviders(TestRequirement.of("osgi.content", "(osgi.content=" + sha256 + ")"));

        // Then
        assertThat(found).singleElement().satisfies(capability -> {
            assertThat(capability.getAttributes()).containsExactlyInAnyOrderEntriesOf(Map.of("osgi.content", sha256,
                    "url", bundle.toUri().toString(), "size", Files.size(bundle), "mime", "application/vnd.osgi.bundle"));
            Resource resource = capability.getResource();
            assertThat(resource.getCapabilities("osgi.content")).containsExactly(capability);
            try (InputStream content = ((RepositoryContent) resource).getContent()) {
                assertThat(content.readAllBytes()).isEqualTo(Files.readAllBytes(bundle));
            }
        });
    }

    @Test
    void theResourceHoldsEveryCapabilityAndRequirement() {
        // Given
        PackageId id = new PackageId("gtach.bus.fragment", new Version(1, 0, 0));

        // When
        Resource resource = store.resource(id);

        // Then
        assertThat(resource.getCapabilities(null)).extracting(Capability::getNamespace)
                .containsExactly("osgi.identity", "osgi.wiring.package", "osgi.content");
        assertThat(resource.getRequirements(null)).singleElement().satisfies(requirement -> {
            assertThat(requirement.getNamespace()).isEqualTo("osgi.wiring.host");
            assertThat(requirement.getDirectives()).containsEntry("filter", "(osgi.wiring.host=gtach.bus)");
            assertThat(requirement.getResource()).isSameAs(resource);
        });
        assertThat(resource.getCapabilities("osgi.identity").get(0).getAttributes())
                .containsEntry("type", "osgi.fragment").containsEntry("version", new Version(1, 0, 0));
    }

    @Test
    void resourcesOfTheSamePackageAreEqualAcrossStores() throws Exception {
        // Given
        PackageId id = new PackageId("gtach.bus", new Version(1, 0, 0));
        Resource first = store.resource(id);
        Resource second = RepositoryStore.open(store.root()).resource(id);

        // When / Then
        assertThat(second).isNotSameAs(first).isEqualTo(first).hasSameHashCodeAs(first);
        assertThat(second.getCapabilities(null)).isEqualTo(first.getCapabilities(null));
        assertThat(second.getRequirements(null)).isEqualTo(first.getRequirements(null));
        assertThat(store.resource(new PackageId("gtach.bus", new Version(1, 5, 0)))).isNotEqualTo(first);
        assertThat(first.toString()).isEqualTo("gtach.bus 1.0.0");
    }

    @Test
    void aLookupTheIndexCanAnswerReadsNoPackageJson() throws Exception {
        // Given: a fresh store, and a package.json gone behind its back
        RepositoryStore fresh = RepositoryStore.open(store.root());
        Path packageJson = store.root().resolve("packages/gtach.bus/1.0.0/package.json");
        Files.delete(packageJson);
        Requirement requirement = TestRequirement.of("osgi.wiring.package", "(&(osgi.wiring.package=gtach.bus)(version<=1.0))");

        // When
        Collection<Capability> found = fresh.findProviders(requirement);

        // Then: the capability is found; what only package.json knows fails when asked for
        assertThat(found).singleElement().satisfies(capability -> {
            assertThat(capability.getNamespace()).isEqualTo("osgi.wiring.package");
            assertThat(capability.getResource()).hasToString("gtach.bus 1.0.0");
            assertThatThrownBy(capability::getAttributes)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Cannot read gtach.bus 1.0.0: its package.json is missing (" + packageJson
                            + "); run verify to report it.");
        });
    }

    @Test
    void aLookupOnOtherAttributesReadsPackageJson() throws Exception {
        // Given
        RepositoryStore fresh = RepositoryStore.open(store.root());
        Path packageJson = store.root().resolve("packages/gtach.bus/1.0.0/package.json");
        Files.delete(packageJson);
        Requirement requirement = TestRequirement.of("osgi.wiring.package", "(&(osgi.wiring.package=gtach.bus)(vendor=*))");

        // When / Then
        assertThatThrownBy(() -> fresh.findProviders(requirement))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot read gtach.bus 1.0.0: its package.json is missing (" + packageJson + "); run verify to report it.");
    }

    @Test
    void capabilitiesFoundThroughTheIndexEqualThoseOfTheResource() throws Exception {
        // Given
        RepositoryStore fresh = RepositoryStore.open(store.root());
        Requirement requirement = TestRequirement.of("osgi.wiring.package", "(osgi.wiring.package=gtach.bus.spi)");

        // When
        Capability found = fresh.findProviders(requirement).iterator().next();

        // Then
        Capability loaded = store.resource(new PackageId("gtach.bus", new Version(1, 0, 0))).getCapabilities("osgi.wiring.package").get(1);
        assertThat(found).isEqualTo(loaded).hasSameHashCodeAs(loaded);
        assertThat(found.getAttributes()).isEqualTo(loaded.getAttributes());
        assertThat(found.getDirectives()).isEqualTo(loaded.getDirectives());
        assertThat(found).hasToString("osgi.wiring.package;bundle-symbolic-name=gtach.bus;bundle-version:Version=1.0.0;"
                + "osgi.wiring.package=gtach.bus.spi;version:Version=1.0.0");
    }

    @Test
    void capabilitiesAreReadOnly() {
        // Given
        Capability capability = store.findProviders(TestRequirement.of("osgi.identity", "(osgi.identity=gtach.bus)")).iterator().next();

        // When / Then
        assertThatThrownBy(() -> capability.getAttributes().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> capability.getResource().getCapabilities(null).clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
