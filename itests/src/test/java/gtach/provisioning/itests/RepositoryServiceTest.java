package gtach.provisioning.itests;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.PackageListener;
import gtach.provisioning.repository.PackageRepository;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Version;
import org.osgi.framework.namespace.IdentityNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.resource.Capability;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.resource.Wire;
import org.osgi.service.repository.Repository;
import org.osgi.service.resolver.Resolver;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The repository bundle in a real Felix: its services come up through DS, real bundles from Maven
 * Central are stored and found, and the Felix resolver resolves one against the OSGi Repository.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RepositoryServiceTest extends ProvisioningTestBase {

    private static Path testBundle(String file) {
        return Path.of(System.getProperty("itest.data"), file);
    }

    private PackageRepository storedJacksonAndLang() throws Exception {
        PackageRepository repository = service(PackageRepository.class);
        for (String jar : List.of("jackson-core-2.17.2.jar", "jackson-annotations-2.17.2.jar",
                "jackson-databind-2.17.2.jar", "commons-lang3-3.16.0.jar", "commons-lang3-3.17.0.jar")) {
            List<AddOutcome> outcomes = repository.add(testBundle(jar).toString());
            assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.status()).as(o.message())
                    .isIn(AddOutcome.Status.ADDED, AddOutcome.Status.ALREADY_PRESENT));
        }
        return repository;
    }

    @Test
    public void realBundlesAreStoredAndFound() throws Exception {
        PackageRepository repository = storedJacksonAndLang();

        assertThat(repository.versions("org.apache.commons.lang3")).extracting(p -> p.id().version())
                .containsExactly(new Version(3, 16, 0), new Version(3, 17, 0));
        assertThat(repository.exporters("com.fasterxml.jackson.core")).extracting(p -> p.id().symbolicName())
                .containsExactly("com.fasterxml.jackson.core.jackson-core");
        assertThat(repository.importers("com.fasterxml.jackson.annotation")).extracting(p -> p.id().symbolicName())
                .contains("com.fasterxml.jackson.core.jackson-databind");
        assertThat(repository.search("lang3", Optional.of(gtach.provisioning.version.SemanticRange.parse("[3.17,4)"))))
                .extracting(PackageInfo::id).extracting(id -> id.version()).containsExactly(new Version(3, 17, 0));
    }

    @Test
    public void packageListenersAreToldOfWhatIsStoredAndOnlyThat() throws Exception {
        PackageRepository repository = storedJacksonAndLang();
        repository.remove("org.apache.commons.lang3", "3.17.0");
        List<PackageInfo> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.osgi.framework.ServiceRegistration<PackageListener> listener =
                context.registerService(PackageListener.class, told::add, null);
        try {
            repository.add(testBundle("commons-lang3-3.17.0.jar").toString());
            repository.add(testBundle("commons-lang3-3.17.0.jar").toString());
            repository.add(testBundle("jackson-core-2.17.2.jar").toString());

            // stored once, then already there: told once, with what was stored
            assertThat(told).singleElement().satisfies(p -> {
                assertThat(p.id().symbolicName()).isEqualTo("org.apache.commons.lang3");
                assertThat(repository.bundleFile(p.id(), p.sha256())).isRegularFile();
            });
        } finally {
            listener.unregister();
        }
        // the update service is one: it compares the API of what is stored with what is installed, ahead of a plan
        assertThat(context.getServiceReferences(PackageListener.class, null)).anySatisfy(r ->
                assertThat((String[]) r.getProperty(org.osgi.framework.Constants.OBJECTCLASS))
                        .contains(gtach.provisioning.update.UpdateService.class.getName()));
    }

    @Test
    public void felixResolverResolvesABundleAgainstTheRepository() throws Exception {
        PackageRepository repository = storedJacksonAndLang();
        Repository osgiRepository = service(Repository.class);
        Resolver resolver = service(Resolver.class);
        BundleRevision system = context.getBundle(0).adapt(BundleRevision.class);
        PackageInfo databind = repository.versions("com.fasterxml.jackson.core.jackson-databind").get(0);
        Resource root = repository.resource(databind.id());

        Map<Resource, List<Wire>> wiring = resolver.resolve(new RepositoryResolveContext(List.of(root), osgiRepository, system));

        // databind's imports are wired to jackson-core and jackson-annotations from the repository
        Set<String> providers = wiring.get(root).stream().map(w -> identity(w.getProvider()))
                .collect(Collectors.toSet());
        assertThat(providers).contains("com.fasterxml.jackson.core.jackson-core", "com.fasterxml.jackson.core.jackson-annotations");
        assertThat(wiring.keySet()).extracting(RepositoryServiceTest::identity)
                .contains("com.fasterxml.jackson.core.jackson-core", "com.fasterxml.jackson.core.jackson-annotations");
        // and every resource to install has its content in the repository
        for (Resource resource : wiring.keySet()) {
            if (resource != system) {
                assertThat(resource.getCapabilities("osgi.content")).isNotEmpty();
            }
        }
    }

    @Test
    public void findProvidersFiltersByVersionRange() throws Exception {
        storedJacksonAndLang();
        Repository osgiRepository = service(Repository.class);
        Requirement newer = osgiRepository.newRequirementBuilder("osgi.wiring.package")
                .addDirective("filter", "(&(osgi.wiring.package=org.apache.commons.lang3)(version>=3.17.0))").build();
        Requirement any = osgiRepository.newRequirementBuilder("osgi.wiring.package")
                .addDirective("filter", "(osgi.wiring.package=org.apache.commons.lang3)").build();

        Map<Requirement, Collection<Capability>> found = osgiRepository.findProviders(List.of(newer, any));

        assertThat(found.get(newer)).extracting(c -> identity(c.getResource())).containsExactly("org.apache.commons.lang3");
        assertThat(found.get(newer)).extracting(c -> c.getAttributes().get("version")).containsExactly(new Version(3, 17, 0));
        assertThat(found.get(any)).hasSize(2);
    }

    @Test
    public void configurationAdminMovesTheRepository() throws Exception {
        // Given the repository at its default place under the home
        assertThat(service(PackageRepository.class).root()).isEqualTo(Path.of(context.getProperty("gtach.home"), "repository"));
        Path elsewhere = java.nio.file.Files.createTempDirectory("gtach-other-repository");
        org.osgi.service.cm.Configuration configuration = service(org.osgi.service.cm.ConfigurationAdmin.class)
                .getConfiguration("gtach.provisioning.repository", "?");
        try {
            // When its configuration names another directory
            configuration.update(new java.util.Hashtable<>(Map.of("path", elsewhere.toString())));

            // Then the service soon serves that directory
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (!service(PackageRepository.class).root().equals(elsewhere) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(service(PackageRepository.class).root()).isEqualTo(elsewhere);
            assertThat(service(PackageRepository.class).list("*")).isEmpty();
        } finally {
            configuration.delete();
        }
    }

    @Test
    public void shellCommandsDriveTheRepository() throws Exception {
        storedJacksonAndLang();
        assertThat(gogo("gtach:list 'org.apache.commons*'")).containsPattern("org\\.apache\\.commons\\.lang3 +3\\.16\\.0")
                .containsPattern("org\\.apache\\.commons\\.lang3 +3\\.17\\.0");
        assertThat(gogo("gtach:info com.fasterxml.jackson.core.jackson-databind"))
                .contains("com.fasterxml.jackson.annotation")
                .contains("com.fasterxml.jackson.core.jackson-annotations 2.17.2");
        assertThat(gogo("gtach:verify")).startsWith("Checked ").contains("all intact");
        assertThatThrownBy(() -> gogo("gtach:add " + testBundle("no-such.jar")))
                .hasMessageContaining("no-such.jar");
    }

    private static String identity(Resource resource) {
        List<Capability> identities = resource.getCapabilities(IdentityNamespace.IDENTITY_NAMESPACE);
        return identities.isEmpty() ? "?" : String.valueOf(identities.get(0).getAttributes().get(IdentityNamespace.IDENTITY_NAMESPACE));
    }
}
