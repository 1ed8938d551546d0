package gtach.provisioning.repository;

import gtach.provisioning.version.SemanticRange;
import gtach.provisioning.version.VersionOrder;
import org.osgi.annotation.versioning.ProviderType;
import org.osgi.resource.Resource;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The local package store. Safe to use from several threads and from several processes sharing
 * one directory: writes are serialized by a lock file and are atomic (a reader never sees half a
 * package); reads never block on writers.
 * <p>
 * Versions are given as OSGi version text ({@code 1.2.3.rc_1}) or SemVer text ({@code 1.2.3-rc.1}).
 * Lists are ordered by symbolic name, then by version, lowest first, in
 * {@link gtach.provisioning.version.VersionOrder}: SemVer precedence where versions have a SemVer
 * reading, OSGi order otherwise; the update service picks the newest version in the same order.
 */
@ProviderType
public interface PackageRepository {

    /** The repository directory. */
    Path root();

    /**
     * Stores the bundles a source names: a bundle JAR file, a directory (its {@code *.jar} files,
     * not recursively), an {@code http}/{@code https} URL of a JAR, or {@code mvn:group/artifact/version}
     * from the local Maven repository. Blocks while downloading or copying.
     *
     * @return one outcome per JAR; a refused JAR in a directory does not stop the others
     * @throws IllegalArgumentException when the source names nothing that can be read (no such
     *         file, an unreachable URL, an unknown coordinate), with one sentence; nothing is changed
     * @throws RepositoryException when the repository itself cannot be written; nothing is changed
     */
    default List<AddOutcome> add(String source) throws RepositoryException {
        return add(source, step -> { });
    }

    /**
     * As {@link #add(String)}, telling {@code progress} how long work advances, in one short line
     * for a person watching: the bytes of a download, the packages of a directory stored so far.
     * It may be called from other threads than the caller's, never concurrently, and must return quickly.
     */
    List<AddOutcome> add(String source, Consumer<String> progress) throws RepositoryException;

    /**
     * As {@link #add(String, Consumer)}, in a mode: {@link AddMode#STORE} is that method;
     * {@link AddMode#DEVELOPMENT} stores development builds, which later adds of the same version
     * replace; {@link AddMode#UNRELEASED} refuses releases (what {@code gtach:watch} adds).
     *
     * @throws UnsupportedOperationException when this repository has only {@link AddMode#STORE}
     * @since 1.3
     */
    default List<AddOutcome> add(String source, AddMode mode, Consumer<String> progress) throws RepositoryException {
        if (mode == AddMode.STORE) {
            return add(source, progress);
        }
        throw new UnsupportedOperationException("This repository stores no development builds.");
    }

    /**
     * Whether a stored package is unreleased, so that adding another build of its version replaces
     * it: its version is a snapshot ({@code 1.0.0-SNAPSHOT}), or it was stored with {@link AddMode#DEVELOPMENT}.
     *
     * @throws IllegalArgumentException when no such package is stored
     * @since 1.3
     */
    default boolean isUnreleased(PackageId id) {
        get(id.symbolicName(), id.version().toString())
                .orElseThrow(() -> new IllegalArgumentException("No package " + id + " in the repository."));
        return VersionOrder.isSnapshot(id.version());
    }

    /**
     * Removes one stored version.
     *
     * @return what was removed
     * @throws IllegalArgumentException when no such package is stored
     * @throws IllegalStateException when the package is in use, with the reason; nothing is changed
     * @throws RepositoryException when the repository cannot be written; nothing is changed
     */
    PackageInfo remove(String symbolicName, String version) throws RepositoryException;

    /** One stored version, if present. */
    Optional<PackageInfo> get(String symbolicName, String version);

    /**
     * Why a package is not stored, when the repository knows, as one sentence for an operator: it
     * was moved to quarantine (when, why, where its files are, and that {@code gtach:add} of its
     * original JAR restores it), or its {@code package.json} is damaged. Does not block on writers.
     *
     * @return empty when the package is stored, or when the repository knows nothing of it (never
     *         added, or removed)
     * @since 1.2
     */
    default Optional<String> whyAbsent(PackageId id) {
        return Optional.empty();
    }

    /** Every stored version of one symbolic name. */
    List<PackageInfo> versions(String symbolicName);

    /**
     * Every stored package whose symbolic name matches a glob ({@code *} any run of characters,
     * {@code ?} one character); {@code *} lists everything.
     */
    List<PackageInfo> list(String nameGlob);

    /**
     * Packages whose symbolic name, name, description or an exported package contains the text,
     * ignoring case, and, when a range is given, whose version it includes (SemVer semantics,
     * pre-releases excluded). An empty text matches everything.
     */
    List<PackageInfo> search(String text, Optional<SemanticRange> range);

    /** Stored packages exporting the named package. */
    List<PackageInfo> exporters(String packageName);

    /** Stored packages importing the named package. */
    List<PackageInfo> importers(String packageName);

    /**
     * The stored package as an OSGi resource: every capability and requirement of its manifest,
     * plus an {@code osgi.content} capability with its SHA-256, size and file URL.
     *
     * @throws IllegalArgumentException when no such package is stored
     */
    Resource resource(PackageId id);

    /**
     * The stored {@code bundle.jar} of a package.
     *
     * @throws IllegalArgumentException when no such package is stored
     */
    Path bundleFile(PackageId id);

    /**
     * The JAR of one build of a package, by the SHA-256 of its content: the stored {@code bundle.jar}
     * when it has that hash, else a build that a rebuild of the unreleased package superseded and
     * that is kept because an owner marks it in use. The caller checks the content's hash: another
     * process may replace a build between this call and the read.
     *
     * @throws IllegalArgumentException when the package, or that build of it, is not stored
     * @since 1.3
     */
    default Path bundleFile(PackageId id, String sha256) {
        PackageInfo info = get(id.symbolicName(), id.version().toString())
                .orElseThrow(() -> new IllegalArgumentException("No package " + id + " in the repository."));
        if (!info.sha256().equals(sha256)) {
            throw new IllegalArgumentException("The repository no longer holds the build " + sha256 + " of " + id + ".");
        }
        return bundleFile(id);
    }

    /**
     * Re-hashes every stored package. A corrupt one (missing or altered {@code bundle.jar},
     * unreadable {@code package.json}) is reported and moved to {@code quarantine/}, never deleted.
     */
    VerifyReport verify() throws RepositoryException;

    /**
     * Removes, per symbolic name, all but the {@code keep} highest versions, except packages in use,
     * and the superseded builds of unreleased packages that no owner uses.
     *
     * @return what was removed
     * @throws IllegalArgumentException when {@code keep} is less than 1
     */
    List<PackageInfo> gc(int keep) throws RepositoryException;

    /**
     * Records the packages an owner (such as the update service's current generation) uses;
     * replaces what that owner recorded before. Packages in use cannot be removed. Persistent.
     * A package the repository cannot serve now but knows of ({@link #whyAbsent}: damaged or
     * quarantined) is recorded too, with a warning in the log, so that it is protected once restored.
     *
     * @throws IllegalArgumentException when a package is unknown to the repository; nothing is changed
     */
    void markInUse(String owner, Collection<PackageId> packages) throws RepositoryException;

    /**
     * As {@link #markInUse(String, Collection)}, naming the builds of those packages the owner uses
     * by their SHA-256: a build a rebuild superseded is kept exactly while some owner names it (or
     * marks its package without naming builds), and deleted when a rebuild or {@link #gc} finds
     * nobody does. Replaces what that owner recorded before. Persistent.
     *
     * @throws IllegalArgumentException when a package is unknown to the repository, or a build is no
     *         SHA-256 (64 lower-case hex digits); nothing is changed
     * @since 1.3
     */
    default void markInUse(String owner, Collection<PackageId> packages, Collection<String> builds)
            throws RepositoryException {
        markInUse(owner, packages);
    }

    /** Every package some owner marked in use. */
    Set<PackageId> inUse();
}
