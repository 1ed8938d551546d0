package gtach.provisioning.update.internal;

import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.ManagedBundle;
import org.osgi.framework.Version;

import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Keeps the repository from removing a package that a kept generation, or the attempt under way,
 * uses, and the build of it that they use: a rebuild of an unreleased package replaces its stored
 * build, and the one a generation ran must stay for a rollback. Marked before an attempt changes
 * anything, so that nothing it is about to commit can be collected meanwhile. The marks are read
 * from the generation files once, then kept up to date: an attempt only adds, and most attempts add
 * nothing, so most cost no write at all.
 */
final class InUseMarks {

    /** The owner name under which the update service marks its packages in use. */
    static final String OWNER = "update";

    /** One build of a package in use. */
    record Use(PackageId id, String sha256) {
    }

    private final StateStore store;
    private final Supplier<PackageRepository> packages;
    /** The builds marked in use, once known; guarded by the transaction lock. */
    private Set<Use> marked;

    InUseMarks(StateStore store, Supplier<PackageRepository> packages) {
        this.store = store;
        this.packages = packages;
    }

    /** Marks every build of the kept generations and of {@code more} in use. */
    void keep(Collection<Use> more) throws IOException {
        Set<Use> used = new LinkedHashSet<>();
        if (marked == null) {
            for (Generation g : store.generations()) {
                used.addAll(usesOf(g));
            }
        } else {
            used.addAll(marked);
        }
        used.addAll(more);
        if (used.equals(marked)) {
            return;
        }
        mark(used);
        marked = used;
    }

    /**
     * Marks what the kept generations use, read from their files: at every start, so that the repository's
     * record can never stay behind the generations (a repository that could not be written for a while).
     */
    void renew() throws IOException {
        marked = null;
        Set<Use> used = new LinkedHashSet<>();
        for (Generation g : store.generations()) {
            used.addAll(usesOf(g));
        }
        mark(used);
        marked = used;
    }

    private void mark(Set<Use> used) throws IOException {
        Set<PackageId> ids = new LinkedHashSet<>();
        Set<String> builds = new LinkedHashSet<>();
        for (Use use : used) {
            ids.add(use.id());
            builds.add(use.sha256());
        }
        try {
            packages.get().markInUse(OWNER, ids, builds);
        } catch (RepositoryException | IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    static Set<Use> usesOf(Generation generation) {
        return usesOfBundles(generation.bundles());
    }

    static Set<Use> usesOfBundles(Collection<ManagedBundle> bundles) {
        Set<Use> uses = new LinkedHashSet<>();
        for (ManagedBundle b : bundles) {
            uses.add(new Use(new PackageId(b.symbolicName(), Version.parseVersion(b.version())), b.sha256()));
        }
        return uses;
    }

    static List<Use> usesOfTargets(Collection<TargetBundle> target) {
        return target.stream().map(t -> new Use(t.id(), t.sha256())).toList();
    }
}
