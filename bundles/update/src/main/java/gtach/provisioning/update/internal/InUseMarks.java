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
import java.util.Set;
import java.util.function.Supplier;

/**
 * Keeps the repository from removing a package that a kept generation, or the attempt under way,
 * uses. Marked before an attempt changes anything, so that nothing it is about to commit can be
 * collected meanwhile. The marks are read from the generation files once, then kept up to date:
 * an attempt only adds, and most attempts add nothing, so most cost no write at all.
 */
final class InUseMarks {

    /** The owner name under which the update service marks its packages in use. */
    static final String OWNER = "update";

    private final StateStore store;
    private final Supplier<PackageRepository> packages;
    /** The packages marked in use, once known; guarded by the transaction lock. */
    private Set<PackageId> marked;

    InUseMarks(StateStore store, Supplier<PackageRepository> packages) {
        this.store = store;
        this.packages = packages;
    }

    /** Marks every package of the kept generations and of {@code more} in use. */
    void keep(Collection<PackageId> more) throws IOException {
        Set<PackageId> used = new LinkedHashSet<>();
        if (marked == null) {
            for (Generation g : store.generations()) {
                used.addAll(packagesOf(g));
            }
        } else {
            used.addAll(marked);
        }
        used.addAll(more);
        if (used.equals(marked)) {
            return;
        }
        try {
            packages.get().markInUse(OWNER, used);
        } catch (RepositoryException | IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        marked = used;
    }

    /**
     * Marks what the kept generations use, read from their files: at every start, so that the repository's
     * record can never stay behind the generations (a repository that could not be written for a while).
     */
    void renew() throws IOException {
        marked = null;
        Set<PackageId> used = new LinkedHashSet<>();
        for (Generation g : store.generations()) {
            used.addAll(packagesOf(g));
        }
        try {
            packages.get().markInUse(OWNER, used);
        } catch (RepositoryException | IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        marked = used;
    }

    static Set<PackageId> packagesOf(Generation generation) {
        Set<PackageId> ids = new LinkedHashSet<>();
        for (ManagedBundle b : generation.bundles()) {
            ids.add(new PackageId(b.symbolicName(), Version.parseVersion(b.version())));
        }
        return ids;
    }
}
