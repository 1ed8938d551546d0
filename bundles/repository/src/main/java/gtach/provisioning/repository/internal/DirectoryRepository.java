package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.AddMode;
import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.PackageListener;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.VerifyReport;
import gtach.provisioning.version.SemanticRange;
import aQute.bnd.osgi.repository.BaseRepository;
import org.osgi.framework.BundleContext;
import org.osgi.resource.Capability;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.repository.Repository;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The directory store as two services: our {@link PackageRepository}, and the standard OSGi
 * {@link Repository} over the same store, so that resolvers and OSGi tools find providers in it.
 * bnd's base class supplies the requirement expressions and builders of Repository 1.1; the
 * lookup itself is the store's index.
 */
@Component(service = {PackageRepository.class, Repository.class}, configurationPid = DirectoryRepository.PID,
        property = "repository.name=gtach")
@Designate(ocd = DirectoryRepository.Config.class)
public final class DirectoryRepository extends BaseRepository implements PackageRepository {

    @ObjectClassDefinition(name = "GTach package repository",
            description = "The local store of every package version the application may run")
    public @interface Config {
        @AttributeDefinition(description = "Directory holding packages/ and index.json; empty means <gtach home>/repository")
        String path() default "";

        @AttributeDefinition(description = "Seconds a download (gtach:add of a URL) may wait for its next bytes before it is abandoned")
        int download_idle_seconds() default 30;

        @AttributeDefinition(description = "Seconds one attempt of a download may take; at least the idle seconds")
        int download_total_seconds() default 600;

        @AttributeDefinition(description = "Attempts a download makes in all when it fails for a reason that may pass"
                + " (connection refused or reset, timeout, body cut short, HTTP 429, 500, 502, 503, 504); 1 never retries")
        int download_attempts() default 3;

        @AttributeDefinition(description = "Milliseconds before the first retry of a download, doubled before each"
                + " next one (at most 30 s), less a random part of up to a half")
        int download_retry_delay_millis() default 1000;
    }

    static final String PID = "gtach.provisioning.repository";

    private final RepositoryStore store;
    private final Logger log;

    /** Told of each package stored, after the add that stored it. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            fieldOption = FieldOption.UPDATE)
    private final List<PackageListener> listeners = new CopyOnWriteArrayList<>();

    /** Where the Maven remotes are kept; without it only the local Maven repository is asked. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configurations;

    /**
     * @throws IllegalArgumentException when the configuration is invalid, naming the setting
     * @throws RepositoryException when the directory cannot hold a repository, naming the path
     */
    @Activate
    public DirectoryRepository(BundleContext context, Config config,
            @Reference(service = LoggerFactory.class) Logger log) throws RepositoryException {
        this.log = log;
        try {
            Path root = root(context, config);
            this.store = RepositoryStore.openWithMavenRemotes(root, RepositoryStore.defaultLocalMavenRepository(),
                    downloads(config), retries(config), log, () -> mavenBases(root, log));
        } catch (RepositoryException | IllegalArgumentException e) {
            // SCR reports a failed activation with a stack trace; this line is the one an operator reads
            log.error(e.getMessage());
            throw e;
        }
    }

    /** The Maven remotes with their credentials, read afresh on every add so that remotes added since count. */
    private List<MavenBase> mavenBases(Path root, Logger log) {
        ConfigurationAdmin admin = configurations;
        if (admin == null) {
            return List.of();
        }
        try {
            return ConfiguredRemotes.mavenRemotes(admin, root.toAbsolutePath().normalize());
        } catch (RepositoryException e) {
            log.warn(e.getMessage());
            return List.of();
        }
    }

    private static Path root(BundleContext context, Config config) {
        if (config.path().isBlank()) {
            return GtachHomeDirectory.of(context).resolve("repository").toAbsolutePath();
        }
        try {
            return Path.of(config.path()).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("Invalid configuration " + PID + ": the path \"" + config.path()
                    + "\" is not a valid path (" + e.getReason() + ").", e);
        }
    }

    private static DownloadTimeouts downloads(Config config) {
        try {
            return new DownloadTimeouts(Duration.ofSeconds(config.download_idle_seconds()),
                    Duration.ofSeconds(config.download_total_seconds()));
        } catch (IllegalArgumentException e) {
            String problem = e.getMessage();
            throw new IllegalArgumentException("Invalid configuration " + PID + ": "
                    + Character.toLowerCase(problem.charAt(0)) + problem.substring(1), e);
        }
    }

    private static DownloadRetries retries(Config config) {
        try {
            return DownloadRetries.of(config.download_attempts(), Duration.ofMillis(config.download_retry_delay_millis()));
        } catch (IllegalArgumentException e) {
            String problem = e.getMessage();
            throw new IllegalArgumentException("Invalid configuration " + PID + ": "
                    + Character.toLowerCase(problem.charAt(0)) + problem.substring(1), e);
        }
    }

    @Override
    public Map<Requirement, Collection<Capability>> findProviders(Collection<? extends Requirement> requirements) {
        Map<Requirement, Collection<Capability>> providers = new HashMap<>();
        for (Requirement requirement : requirements) {
            providers.put(requirement, store.findProviders(requirement));
        }
        return providers;
    }

    @Override
    public Path root() {
        return store.root();
    }

    @Override
    public List<AddOutcome> add(String source, Consumer<String> progress) throws RepositoryException {
        return told(store.add(source, progress));
    }

    @Override
    public List<AddOutcome> add(String source, AddMode mode, Consumer<String> progress) throws RepositoryException {
        return told(store.add(source, mode, progress));
    }

    private List<AddOutcome> told(List<AddOutcome> outcomes) {
        for (AddOutcome outcome : outcomes) {
            if (outcome.status() != AddOutcome.Status.ADDED && outcome.status() != AddOutcome.Status.REPLACED) {
                continue;
            }
            PackageInfo stored = outcome.added().orElseThrow();
            for (PackageListener listener : listeners) {
                try {
                    listener.stored(stored);
                } catch (RuntimeException e) {
                    log.warn("A package listener failed on {}: {}", stored.id(), e.toString());
                }
            }
        }
        return outcomes;
    }

    @Override
    public boolean isUnreleased(PackageId id) {
        return store.isUnreleased(id);
    }

    @Override
    public PackageInfo remove(String symbolicName, String version) throws RepositoryException {
        return store.remove(symbolicName, version);
    }

    @Override
    public Optional<PackageInfo> get(String symbolicName, String version) {
        return store.get(symbolicName, version);
    }

    @Override
    public Optional<String> whyAbsent(PackageId id) {
        return store.whyAbsent(id);
    }

    @Override
    public List<PackageInfo> versions(String symbolicName) {
        return store.versions(symbolicName);
    }

    @Override
    public List<PackageInfo> list(String nameGlob) {
        return store.list(nameGlob);
    }

    @Override
    public List<PackageInfo> search(String text, Optional<SemanticRange> range) {
        return store.search(text, range);
    }

    @Override
    public List<PackageInfo> exporters(String packageName) {
        return store.exporters(packageName);
    }

    @Override
    public List<PackageInfo> importers(String packageName) {
        return store.importers(packageName);
    }

    @Override
    public Resource resource(PackageId id) {
        return store.resource(id);
    }

    @Override
    public Path bundleFile(PackageId id) {
        return store.bundleFile(id);
    }

    @Override
    public Path bundleFile(PackageId id, String sha256) {
        return store.bundleFile(id, sha256);
    }

    @Override
    public VerifyReport verify() throws RepositoryException {
        return store.verify();
    }

    @Override
    public List<PackageInfo> gc(int keep) throws RepositoryException {
        return store.gc(keep);
    }

    @Override
    public void markInUse(String owner, Collection<PackageId> packages) throws RepositoryException {
        store.markInUse(owner, packages);
    }

    @Override
    public void markInUse(String owner, Collection<PackageId> packages, Collection<String> builds)
            throws RepositoryException {
        store.markInUse(owner, packages, builds);
    }

    @Override
    public Set<PackageId> inUse() {
        return store.inUse();
    }
}
