package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.AddMode;
import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.VerifyReport;
import gtach.provisioning.version.SemanticRange;
import gtach.provisioning.version.VersionOrder;
import org.osgi.framework.Version;
import org.osgi.resource.Capability;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.service.log.Logger;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The package repository in a directory, usable without an OSGi framework. See
 * {@link PackageRepository} for the contract and {@link StoreLayout} for the files.
 * <p>
 * Several instances, in this JVM or in other processes, may share one directory: writes take the
 * directory's lock and bump its generation; every read first checks, with one {@code stat}, whether
 * another instance wrote since, and then loads the index it wrote.
 * <p>
 * Beyond the interface: {@link #get} and {@link #remove} throw {@link IllegalArgumentException}
 * for version text that is neither OSGi nor SemVer; {@link #resource} and {@link #bundleFile}
 * throw {@link IllegalStateException} when the package's files were damaged or deleted behind the
 * repository's back; {@link #inUse} throws {@link IllegalStateException} when an in-use record
 * cannot be read.
 */
public final class RepositoryStore implements PackageRepository {

    private static final int RESOURCE_CACHE_CAPACITY = 4096;

    private final StoreLayout layout;
    private final LiveIndex index;
    private final InUseRecords inUse;
    private final ResourceCache resources;
    private final ProviderQuery providers;
    private final PackageAdder adder;
    private final PackageVerifier verifier;
    private final QuarantineArea quarantine;
    private final SupersededBuilds builds;
    private final Logger log;

    private RepositoryStore(StoreLayout layout, LiveIndex index, SourceResolver sources, Logger log) {
        this.layout = layout;
        this.index = index;
        this.inUse = new InUseRecords(layout);
        this.resources = new ResourceCache(layout, RESOURCE_CACHE_CAPACITY);
        this.providers = new ProviderQuery(layout, resources, log);
        this.builds = new SupersededBuilds(layout);
        this.adder = new PackageAdder(layout, index, sources, inUse, builds, log);
        this.quarantine = new QuarantineArea(layout);
        this.verifier = new PackageVerifier(layout, index, quarantine, log);
        this.log = log;
    }

    /**
     * Opens the repository in a directory, creating it if needed, with {@code mvn:} sources read
     * from {@link #defaultLocalMavenRepository()} and the {@link DownloadTimeouts#DEFAULT default download
     * timeouts}, logging nothing: for tools and tests that run it without a framework.
     *
     * @throws RepositoryException when the path is a file, or the directory cannot be created, read, written or locked
     */
    public static RepositoryStore open(Path root) throws RepositoryException {
        return open(root, SilentLogger.INSTANCE);
    }

    /**
     * Opens the repository in a directory, creating it if needed, with {@code mvn:} sources read
     * from {@link #defaultLocalMavenRepository()} and the {@link DownloadTimeouts#DEFAULT default download
     * timeouts}.
     *
     * @param log where repairs and problems the store works around are reported
     * @throws RepositoryException when the path is a file, or the directory cannot be created, read, written or locked
     */
    public static RepositoryStore open(Path root, Logger log) throws RepositoryException {
        return open(root, defaultLocalMavenRepository(), DownloadTimeouts.DEFAULT, log);
    }

    /**
     * Opens the repository in a directory, creating it if needed: loads {@code index.json}, or
     * rebuilds it from {@code packages/} when it is missing, corrupt or of another generation,
     * and deletes what crashed processes left in {@code tmp/} (but for the partial downloads of
     * the last seven days, kept to be resumed).
     *
     * @param root the repository directory
     * @param localMavenRepository where {@code mvn:} sources are looked up
     * @param downloads how long a download may wait for bytes, and take in all
     * @param log where repairs and problems the store works around are reported
     * @throws RepositoryException when the path is a file, or the directory cannot be created, read, written or locked
     */
    public static RepositoryStore open(Path root, Path localMavenRepository, DownloadTimeouts downloads, Logger log)
            throws RepositoryException {
        return open(root, localMavenRepository, downloads, log, List::of);
    }

    /**
     * As {@link #open(Path, Path, DownloadTimeouts, Logger)}, with {@code mvn:} sources the local Maven
     * repository lacks, and version ranges, taken from Maven repositories at {@code mavenRemotes}
     * (base URLs, asked in order on every add).
     */
    static RepositoryStore open(Path root, Path localMavenRepository, DownloadTimeouts downloads, Logger log,
            Supplier<List<URI>> mavenRemotes) throws RepositoryException {
        return open(root, localMavenRepository, downloads, DownloadRetries.DEFAULT, log, mavenRemotes);
    }

    /**
     * As {@link #open(Path, Path, DownloadTimeouts, Logger)}, with a download that fails for a reason
     * that may pass tried again as {@code retries} say.
     */
    public static RepositoryStore open(Path root, Path localMavenRepository, DownloadTimeouts downloads,
            DownloadRetries retries, Logger log) throws RepositoryException {
        return open(root, localMavenRepository, downloads, retries, log, List::of);
    }

    static RepositoryStore open(Path root, Path localMavenRepository, DownloadTimeouts downloads, DownloadRetries retries,
            Logger log, Supplier<List<URI>> mavenRemotes) throws RepositoryException {
        return openWithMavenRemotes(root, localMavenRepository, downloads, retries, log,
                () -> mavenRemotes.get().stream().map(MavenBase::anonymous).toList());
    }

    /** As the other opens, with the Maven remotes named and carrying their credentials. */
    static RepositoryStore openWithMavenRemotes(Path root, Path localMavenRepository, DownloadTimeouts downloads,
            DownloadRetries retries, Logger log, Supplier<List<MavenBase>> mavenRemotes) throws RepositoryException {
        Path absolute = root.toAbsolutePath().normalize();
        StoreLayout layout = new StoreLayout(absolute);
        try {
            RepositoryDirectory.prepare(layout);
            deleteStaleTemporaries(layout, log);
            // the real path, so that every alias of the directory in this JVM shares one lock
            LiveIndex index = new LiveIndex(layout, new RepositoryLock(new StoreLayout(absolute.toRealPath()).lockFile()), log);
            index.open();
            SourceResolver sources = new SourceResolver(localMavenRepository, new HttpFetcher(downloads, retries, layout.tmp(), log),
                    mavenRemotes);
            RepositoryStore store = new RepositoryStore(layout, index, sources, log);
            log.debug("Opened the repository {} with {} packages.", absolute, index.current().size());
            return store;
        } catch (RepositoryDirectory.Unusable e) {
            throw new RepositoryException("Cannot open the repository at " + absolute + ": " + e.getMessage()
                    + "; nothing stored was changed.", e);
        } catch (IOException e) {
            throw new RepositoryException("Cannot open the repository at " + absolute + ": " + IoErrorText.describe(e)
                    + "; nothing stored was changed.", e);
        }
    }

    /** {@code -Dmaven.repo.local} when set, else {@code ~/.m2/repository}. */
    public static Path defaultLocalMavenRepository() {
        String configured = System.getProperty("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /**
     * The stored capabilities a requirement matches, as {@code Repository.findProviders} of the
     * OSGi Repository specification defines it: in the requirement's namespace, with attributes
     * matching its {@code filter} directive (all of the namespace when it has none). Each belongs to
     * the {@link Resource} of its package, which also offers an {@code osgi.content} capability.
     *
     * @return the capabilities, in repository order of their packages; empty for an invalid filter
     * @throws IllegalStateException when a package's {@code package.json} that had to be read was
     *         damaged or deleted behind the repository's back; a capability found through the index
     *         reads it when its attributes or directives are first asked for, and throws then
     */
    public Collection<Capability> findProviders(Requirement requirement) {
        return providers.find(index.current(), requirement);
    }

    @Override
    public Path root() {
        return layout.root();
    }

    @Override
    public List<AddOutcome> add(String source, Consumer<String> progress) throws RepositoryException {
        return adder.add(source, AddMode.STORE, progress);
    }

    @Override
    public List<AddOutcome> add(String source, AddMode mode, Consumer<String> progress) throws RepositoryException {
        return adder.add(source, mode, progress);
    }

    @Override
    public boolean isUnreleased(PackageId id) {
        stored(id);
        if (VersionOrder.isSnapshot(id.version())) {
            return true;
        }
        DirectoryScan.PackageDirectory directory = new DirectoryScan.PackageDirectory(layout.packageDirectory(id),
                id.symbolicName(), id.version().toString());
        try {
            return DirectoryScan.read(directory).development();
        } catch (IOException e) {
            throw new IllegalStateException(DirectoryScan.damaged(directory, e), e);
        }
    }

    @Override
    public PackageInfo remove(String symbolicName, String version) throws RepositoryException {
        PackageId id = new PackageId(symbolicName, VersionText.parse(version));
        try {
            return index.write(transaction -> {
                IndexEntry entry = transaction.get(id).orElseThrow(() -> absent(id));
                SortedSet<String> owners = inUse.owners().get(id);
                if (owners != null) {
                    throw new IllegalStateException("Cannot remove " + id + ": it is in use by "
                            + InUseRecords.describe(owners) + "; nothing was changed.");
                }
                transaction.begin();
                withdraw(transaction, id);
                log.debug("Removed {}.", id);
                return entry.info();
            });
        } catch (IOException e) {
            throw new RepositoryException("Cannot remove " + id + ": " + IoErrorText.describe(e) + "; nothing was changed.", e);
        }
    }

    @Override
    public Optional<PackageInfo> get(String symbolicName, String version) {
        Version parsed = VersionText.parse(version);
        return index.current().get(new PackageId(symbolicName, parsed)).map(IndexEntry::info);
    }

    @Override
    public Optional<String> whyAbsent(PackageId id) {
        return index.current().get(id).isPresent() ? Optional.empty() : explainAbsence(id);
    }

    @Override
    public List<PackageInfo> versions(String symbolicName) {
        return infos(index.current().versions(symbolicName));
    }

    @Override
    public List<PackageInfo> list(String nameGlob) {
        Glob glob = Glob.of(nameGlob);
        PackageIndex current = index.current();
        if (nameGlob.equals("*")) {
            return current.infos();
        }
        List<PackageInfo> found = new ArrayList<>();
        for (String name : current.symbolicNames()) {
            if (glob.matches(name)) {
                for (IndexEntry entry : current.versions(name)) {
                    found.add(entry.info());
                }
            }
        }
        return found;
    }

    @Override
    public List<PackageInfo> search(String text, Optional<SemanticRange> range) {
        PackageIndex current = index.current();
        List<IndexEntry> entries = current.entries();
        List<PackageInfo> found = new ArrayList<>();
        current.searchText().forEachMatch(text, position -> {
            IndexEntry entry = entries.get(position);
            if (range.isEmpty() || includes(range.get(), entry)) {
                found.add(entry.info());
            }
        });
        return found;
    }

    @Override
    public List<PackageInfo> exporters(String packageName) {
        return infos(index.current().exporters(packageName));
    }

    @Override
    public List<PackageInfo> importers(String packageName) {
        return infos(index.current().importers(packageName));
    }

    @Override
    public Resource resource(PackageId id) {
        StoredResource resource = resources.get(stored(id));
        // read now, so that a damaged package.json is reported here rather than by a later caller
        resource.load();
        return resource;
    }

    @Override
    public Path bundleFile(PackageId id) {
        stored(id);
        Path file = layout.bundleFile(id);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("The bundle.jar of " + id + " is missing (" + file
                    + "); run verify to quarantine the package.");
        }
        return file;
    }

    @Override
    public Path bundleFile(PackageId id, String sha256) {
        IndexEntry entry = stored(id);
        if (entry.info().sha256().equals(sha256)) {
            return bundleFile(id);
        }
        return builds.find(id, sha256).orElseThrow(() -> new IllegalArgumentException("The repository no longer holds the"
                + " build " + sha256 + " of " + id + ": a rebuild replaced it, and it was not kept because nothing used it."));
    }

    @Override
    public VerifyReport verify() throws RepositoryException {
        try {
            return verifier.verify();
        } catch (IOException e) {
            throw new RepositoryException("Cannot verify the repository at " + layout.root() + ": " + IoErrorText.describe(e)
                    + "; nothing was changed.", e);
        }
    }

    @Override
    public List<PackageInfo> gc(int keep) throws RepositoryException {
        if (keep < 1) {
            throw new IllegalArgumentException("Cannot keep " + keep + " versions of each package: keep at least 1.");
        }
        try {
            return index.write(transaction -> {
                InUseRecords.Uses uses = inUse.read();
                Map<PackageId, SortedSet<String>> owners = uses.owners();
                PackageIndex base = transaction.base();
                List<PackageInfo> removed = new ArrayList<>();
                int buildsRemoved = 0;
                for (String name : base.symbolicNames()) {
                    List<IndexEntry> versions = base.versions(name);
                    // lowest first: all but the last `keep` go, unless in use
                    int removable = Math.max(0, versions.size() - keep);
                    for (int i = 0; i < versions.size(); i++) {
                        IndexEntry entry = versions.get(i);
                        if (i < removable && !owners.containsKey(entry.id())) {
                            transaction.begin();
                            withdraw(transaction, entry.id());
                            removed.add(entry.info());
                        } else {
                            buildsRemoved += builds.prune(entry.id(), sha256 -> uses.needs(entry.id(), sha256)).size();
                        }
                    }
                }
                log.debug("Garbage collection kept {} versions of each package and removed {}, and {} unused superseded builds.",
                        keep, removed.size(), buildsRemoved);
                return removed;
            });
        } catch (IOException e) {
            throw new RepositoryException("Cannot collect garbage in " + layout.root() + ": " + IoErrorText.describe(e)
                    + "; nothing was changed.", e);
        }
    }

    @Override
    public void markInUse(String owner, Collection<PackageId> packages) throws RepositoryException {
        mark(owner, packages, Optional.empty());
    }

    @Override
    public void markInUse(String owner, Collection<PackageId> packages, Collection<String> builds)
            throws RepositoryException {
        for (String sha256 : builds) {
            if (!MetadataFormat.isSha256(sha256)) {
                throw new IllegalArgumentException("Cannot mark the build \"" + sha256 + "\" in use by " + owner
                        + ": it is no SHA-256 (64 lower-case hex digits); nothing was changed.");
            }
        }
        mark(owner, packages, Optional.of(List.copyOf(builds)));
    }

    private void mark(String owner, Collection<PackageId> packages, Optional<List<String>> builds) throws RepositoryException {
        SafeNames.ownerProblem(owner).ifPresent(problem -> {
            throw new IllegalArgumentException("Invalid owner \"" + owner + "\": " + problem + ".");
        });
        List<PackageId> ids = List.copyOf(packages);
        try {
            // no generation bump: the index does not hold in-use records, which are read afresh
            index.write(transaction -> {
                for (PackageId id : ids) {
                    if (transaction.get(id).isEmpty()) {
                        // A damaged or quarantined package a generation uses is still used by it: refusing
                        // the mark would block every later update, and recording it keeps it protected
                        // once restored. Its bundle.jar is never deleted either way: verify only moves it.
                        String why = explainAbsence(id).orElseThrow(() -> new IllegalArgumentException("Cannot mark "
                                + id + " in use by " + owner + ": no such package in the repository; nothing was changed."));
                        log.warn("{} stays marked in use by {} although the repository cannot serve it ({})", id, owner, why);
                    }
                }
                inUse.write(owner, ids, builds);
                return null;
            });
        } catch (IOException e) {
            throw new RepositoryException("Cannot record what " + owner + " uses: " + IoErrorText.describe(e)
                    + "; nothing was changed.", e);
        }
    }

    @Override
    public Set<PackageId> inUse() {
        try {
            return Set.copyOf(inUse.owners().keySet());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the in-use records of " + layout.root() + ": "
                    + IoErrorText.describe(e) + ".", e);
        }
    }

    @Override
    public String toString() {
        return "RepositoryStore[" + layout.root() + "]";
    }

    private IndexEntry stored(PackageId id) {
        return index.current().get(id).orElseThrow(() -> absent(id));
    }

    /** The refusal for a package not in the index, explaining it when the repository knows why. */
    private IllegalArgumentException absent(PackageId id) {
        return new IllegalArgumentException(explainAbsence(id).orElse("No package " + id + " in the repository."));
    }

    /** Why a package the index lacks is absent: its directory is there but damaged, or it is in quarantine. */
    private Optional<String> explainAbsence(PackageId id) {
        DirectoryScan.PackageDirectory directory = new DirectoryScan.PackageDirectory(layout.packageDirectory(id),
                id.symbolicName(), id.version().toString());
        try {
            if (Files.isDirectory(directory.path())) {
                DirectoryScan.read(directory);
                return Optional.of(id + " is stored but missing from the index; gtach:verify adds it.");
            }
        } catch (IOException e) {
            return Optional.of(DirectoryScan.damaged(directory, e));
        }
        try {
            return quarantine.explain(id);
        } catch (IOException e) {
            log.debug("Cannot look for {} in quarantine: {}", id, e.getMessage());
            return Optional.empty();
        }
    }

    /** Takes a package out of {@code packages/} with one rename, then deletes its files. */
    private void withdraw(WriteTransaction transaction, PackageId id) throws IOException {
        Path trash = layout.tmp().resolve(TemporaryNames.next());
        try {
            DurableFiles.moveAtomically(layout.packageDirectory(id), trash);
        } catch (NoSuchFileException e) {
            log.warn("{} was already deleted behind the repository's back; removing it from the index.", id);
        }
        transaction.remove(id);
        DurableFiles.deleteIfEmpty(layout.nameDirectory(id.symbolicName()));
        try {
            DurableFiles.deleteTree(trash);
        } catch (IOException e) {
            log.warn("Cannot delete the files of the removed {} ({}); they go when the repository is next opened.",
                    id, e.getMessage());
        }
    }

    /** The update service's rule, so that search lists what install and update would choose from. */
    private static boolean includes(SemanticRange range, IndexEntry entry) {
        return range.admits(entry.id().version(), false);
    }

    private static List<PackageInfo> infos(List<IndexEntry> entries) {
        List<PackageInfo> infos = new ArrayList<>(entries.size());
        for (IndexEntry entry : entries) {
            infos.add(entry.info());
        }
        return infos;
    }

    private static final Duration PARTIAL_DOWNLOAD_KEPT = Duration.ofDays(7);

    private static void deleteStaleTemporaries(StoreLayout layout, Logger log) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(layout.tmp())) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                // an interrupted download is kept to be resumed, for a while
                boolean partial = HttpFetcher.isPartial(name)
                        && Files.getLastModifiedTime(entry).toInstant().isAfter(Instant.now().minus(PARTIAL_DOWNLOAD_KEPT));
                if (!partial && TemporaryNames.isStale(name)) {
                    try {
                        DurableFiles.deleteTree(entry);
                    } catch (IOException e) {
                        log.warn("Cannot delete the stale temporary {}: {}", entry, e.getMessage());
                    }
                }
            }
        }
    }
}
