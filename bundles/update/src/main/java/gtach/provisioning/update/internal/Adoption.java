package gtach.provisioning.update.internal;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.update.Change;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.ManagedBundle;
import gtach.provisioning.update.UpdateException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The managed bundles the framework runs, made into the bundles of a generation: each JAR the framework
 * holds is stored in the repository first (when the repository does not hold it yet), so that the
 * generation can always be returned to.
 */
final class Adoption {

    private final BundleContext context;
    private final PackageRepository packages;
    private final CachedJars jars;
    private final String subject;

    Adoption(BundleContext context, PackageRepository packages, CachedJars jars, String subject) {
        this.context = context;
        this.packages = packages;
        this.jars = jars;
        this.subject = subject;
    }

    List<ManagedBundle> store(FrameworkView view, Generation current, Consumer<String> progress) throws UpdateException {
        Map<String, ManagedBundle> before = new TreeMap<>();
        current.bundles().forEach(b -> before.put(b.location(), b));
        List<ManagedBundle> running = new ArrayList<>();
        for (BundleState state : view.managed().values()) {
            Bundle bundle = context.getBundle(state.id());
            Optional<Path> jar = bundle == null ? Optional.empty() : CachedJars.jarOf(bundle);
            if (jar.isEmpty()) {
                throw Planner.refused(subject, "the framework keeps no JAR of " + state + " that could be stored");
            }
            String sha256;
            try {
                sha256 = jars.sha256(bundle).orElseThrow();
            } catch (IOException e) {
                throw Planner.refused(subject, "the framework's copy of " + state + " cannot be read (" + e.getMessage() + ")");
            }
            Optional<PackageInfo> stored = packages.get(state.symbolicName(), state.version().toString());
            if (stored.isPresent() && !stored.get().sha256().equals(sha256)) {
                throw Planner.refused(subject, "the repository holds another JAR as " + state + "; a bundle with other "
                        + "content needs another version");
            }
            if (stored.isEmpty()) {
                progress.accept("Storing the running " + state + " in the repository");
                addToRepository(jar.get(), state);
            }
            ManagedBundle was = before.get(state.location());
            running.add(new ManagedBundle(state.symbolicName(), state.version().toString(), sha256, state.location(),
                    state.startLevel(), !state.fragment() && state.persistentlyStarted(), was == null || was.requested()));
        }
        running.sort(Comparator.comparing(ManagedBundle::symbolicName));
        return running;
    }

    private void addToRepository(Path jar, BundleState state) throws UpdateException {
        List<AddOutcome> outcomes;
        try {
            outcomes = packages.add(jar.toString());
        } catch (RepositoryException | IllegalArgumentException e) {
            throw Planner.refused(subject, "the running " + state + " cannot be stored in the repository (" + e.getMessage() + ")");
        }
        for (AddOutcome outcome : outcomes) {
            if (outcome.status() == AddOutcome.Status.REFUSED) {
                throw Planner.refused(subject, "the running " + state + " cannot be stored in the repository ("
                        + outcome.message() + ")");
            }
        }
    }

    /** What the new generation changes from the current one, by name, for the result. */
    static List<Change> changes(Generation from, Generation to) {
        Map<String, String> old = new TreeMap<>();
        from.bundles().forEach(b -> old.put(b.symbolicName(), b.version()));
        Map<String, String> now = new TreeMap<>();
        to.bundles().forEach(b -> now.put(b.symbolicName(), b.version()));
        List<Change> changes = new ArrayList<>();
        now.forEach((name, version) -> {
            String was = old.get(name);
            if (was == null) {
                changes.add(new Change(Change.Kind.INSTALL, name, Optional.empty(), Optional.of(version), "adopted"));
            } else if (!was.equals(version)) {
                changes.add(new Change(Change.Kind.UPDATE, name, Optional.of(was), Optional.of(version), "adopted"));
            }
        });
        old.forEach((name, version) -> {
            if (!now.containsKey(name)) {
                changes.add(new Change(Change.Kind.UNINSTALL, name, Optional.of(version), Optional.empty(), "adopted"));
            }
        });
        changes.sort(Comparator.comparing(Change::symbolicName));
        return changes;
    }
}
