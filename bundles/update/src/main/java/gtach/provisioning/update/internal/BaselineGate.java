package gtach.provisioning.update.internal;

import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.update.UpdateRefusedException;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.version.VersionOrder;
import org.osgi.framework.namespace.PackageNamespace;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The API baseline of a plan: an updated bundle whose export keeps its major version but removes or changes
 * public API (as bnd's baselining judges it, {@link ApiBreaks}) would still resolve for every consumer of the
 * old range and fail it at run time, long after the update committed. For each package of an updated bundle
 * wired to a consumer that stays, the plan is refused when a consumer's classes use what changed
 * ({@link ClassReferences}); when none does, the plan goes ahead with a warning. {@code --no-baseline} skips
 * the gate for one request. A higher major version is the resolver's business, and a downgrade was asked for.
 * Thread-safe; it keeps what it read of each JAR by SHA-256, and {@link #prepare} reads it when a package is stored.
 */
final class BaselineGate {

    private static final int KEPT_CONSUMERS = 256;
    private static final int SHOWN = 3;

    private final ApiBreaks apis;
    private final Map<String, ClassReferences> consumers = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ClassReferences> eldest) {
            return size() > KEPT_CONSUMERS;
        }
    };

    /** Comparisons kept in memory only. */
    BaselineGate() {
        this.apis = new ApiBreaks();
    }

    /** Comparisons kept in memory and in the directory, across restarts. */
    BaselineGate(Path keptComparisons) {
        this.apis = new ApiBreaks(new KeptComparisons(keptComparisons));
    }

    /**
     * @param downloads symbolic names of the plan's packages still to be downloaded: checked when the apply plans
     *        again with them stored
     * @return the plan's warnings: changes that need a major version but that no consumer uses
     * @throws UpdateRefusedException naming the package, the member, the versions and each consumer that uses it
     */
    List<String> check(String subject, UpdateRequest request, Delta delta, FrameworkView view, PackageRepository packages,
            Set<String> downloads) throws UpdateRefusedException {
        if (request.noBaseline()) {
            return List.of();
        }
        Set<Long> leaving = new HashSet<>();
        delta.updates().forEach(u -> leaving.add(u.installed().id()));
        delta.uninstalls().forEach(b -> leaving.add(b.id()));
        List<String> refusals = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Delta.Replacement update : delta.updates()) {
            BundleState installed = update.installed();
            TargetBundle target = update.target();
            if (downloads.contains(target.symbolicName()) || installed.sha256().isEmpty()
                    || installed.sha256().get().equals(target.sha256())
                    || VersionOrder.compare(target.id().version(), installed.version()) < 0) {
                continue;
            }
            Map<String, List<BundleState>> wired = stayingConsumers(installed, view, leaving);
            if (!wired.isEmpty()) {
                judge(installed, target.id(), target.sha256(), wired, packages, refusals, warnings);
            }
        }
        if (!refusals.isEmpty()) {
            throw Planner.refused(subject, String.join("; ", refusals));
        }
        return warnings;
    }

    /**
     * Compares, ahead of the plan that will want it, a stored package with the installed bundle of the same name,
     * and judges the changes against the classes of that bundle's consumers: bnd's analysis of a large library takes
     * seconds, which the first plan of the pair would otherwise wait for. Nothing is refused here; what it read is
     * kept.
     */
    void prepare(PackageInfo stored, FrameworkView view, PackageRepository packages) {
        BundleState installed = view.managed().get(stored.id().symbolicName());
        if (installed == null || installed.sha256().isEmpty() || installed.sha256().get().equals(stored.sha256())
                || VersionOrder.compare(stored.id().version(), installed.version()) < 0) {
            return;
        }
        Map<String, List<BundleState>> wired = stayingConsumers(installed, view, Set.of());
        if (wired.isEmpty()) {
            return;
        }
        // the plan's own code, run now on what was just read: the first plan would otherwise run it cold
        judge(installed, stored.id(), stored.sha256(), wired, packages, new ArrayList<>(), new ArrayList<>());
    }

    /**
     * Compares the new JAR with the installed one for the wired packages, and adds a refusal for each package whose
     * changes a staying consumer uses, a warning for each whose changes none uses.
     */
    private void judge(BundleState installed, PackageId newer, String newerSha256, Map<String, List<BundleState>> wired,
            PackageRepository packages, List<String> refusals, List<String> warnings) {
        Optional<Path> olderJar = jarOf(packages, new PackageId(installed.managedName(), installed.version()),
                installed.sha256().get());
        Optional<Path> newerJar = jarOf(packages, newer, newerSha256);
        if (olderJar.isEmpty() || newerJar.isEmpty()) {
            // the stager or a rollback says which JAR is missing, and refuses
            return;
        }
        List<ApiBreaks.PackageBreaks> found;
        try {
            found = apis.between(olderJar.get(), installed.sha256().get(), newerJar.get(), newerSha256, wired.keySet());
        } catch (Exception e) {
            warnings.add("the API of " + newer.symbolicName() + " " + Versions.display(newer.version())
                    + " could not be compared with " + installed + " (" + e.getMessage() + "); its consumers were not checked");
            return;
        }
        String provider = newer.symbolicName() + " " + Versions.display(newer.version());
        for (ApiBreaks.PackageBreaks p : found) {
            List<BundleState> wiredConsumers = wired.get(p.packageName());
            List<String> used = new ArrayList<>();
            for (ApiBreaks.Break b : p.breaks()) {
                List<BundleState> users = wiredConsumers.stream().filter(c -> uses(c, b, packages)).toList();
                if (!users.isEmpty()) {
                    used.add(text(b) + ", which " + users.stream().map(BundleState::toString)
                            .collect(Collectors.joining(" and ")) + " " + verb(b, users.size()));
                }
            }
            String exports = provider + " exports " + p.packageName() + " " + Versions.display(p.newer()) + " but ";
            String needs = "; a change like this needs version " + Versions.display(p.needed());
            if (!used.isEmpty()) {
                refusals.add(exports + String.join(", and ", used) + needs);
            } else {
                warnings.add(exports + firstOf(p.breaks()) + ", which none of the bundles wired to it (" + wiredConsumers.stream().map(BundleState::toString)
                        .collect(Collectors.joining(", ")) + ") uses" + needs);
            }
        }
    }

    /** How many JARs bnd has analysed for this gate. */
    int analysed() {
        return apis.analysed();
    }

    /** A large library changes much at once: a warning names a few changes and counts the rest. */
    private static String firstOf(List<ApiBreaks.Break> breaks) {
        String named = breaks.stream().limit(SHOWN).map(BaselineGate::text).collect(Collectors.joining(", "));
        return breaks.size() <= SHOWN ? named : named + " and " + (breaks.size() - SHOWN) + " more changes";
    }

    private static Optional<Path> jarOf(PackageRepository packages, PackageId id, String sha256) {
        try {
            Path jar = packages.bundleFile(id, sha256);
            return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The consumers wired to the bundle's exported packages that the plan neither replaces nor removes, by package. */
    private static Map<String, List<BundleState>> stayingConsumers(BundleState provider, FrameworkView view, Set<Long> leaving) {
        Map<String, List<BundleState>> wired = new TreeMap<>();
        for (Dependency wire : view.wiresTo(provider)) {
            if (!PackageNamespace.PACKAGE_NAMESPACE.equals(wire.requirement().getNamespace())
                    || wire.requirer() == provider.id() || leaving.contains(wire.requirer())) {
                continue;
            }
            String name = RequirementText.nameIn(wire.requirement().getDirectives().getOrDefault("filter", ""),
                    PackageNamespace.PACKAGE_NAMESPACE);
            view.bundle(wire.requirer()).ifPresent(consumer -> {
                List<BundleState> list = wired.computeIfAbsent(name, k -> new ArrayList<>());
                if (!list.contains(consumer)) {
                    list.add(consumer);
                }
            });
        }
        return wired;
    }

    /** Whether the consumer's classes use what changed; a consumer whose classes cannot be read is taken to. */
    private boolean uses(BundleState consumer, ApiBreaks.Break change, PackageRepository packages) {
        if (change.className().isEmpty()) {
            return true;
        }
        Optional<ClassReferences> references = referencesOf(consumer, packages);
        if (references.isEmpty()) {
            return true;
        }
        ClassReferences refs = references.get();
        if (change.member().isEmpty()) {
            return refs.refersTo(change.className());
        }
        return change.kind() == ApiBreaks.Kind.ADDED ? refs.extendsOrImplements(change.className())
                : refs.uses(change.className(), change.member().get());
    }

    private Optional<ClassReferences> referencesOf(BundleState consumer, PackageRepository packages) {
        try {
            if (consumer.managed() && consumer.sha256().isPresent()) {
                String sha256 = consumer.sha256().get();
                synchronized (consumers) {
                    if (consumers.containsKey(sha256)) {
                        return Optional.of(consumers.get(sha256));
                    }
                }
                Optional<Path> jar = jarOf(packages, new PackageId(consumer.managedName(), consumer.version()), sha256);
                if (jar.isEmpty()) {
                    return Optional.empty();
                }
                ClassReferences read = ClassReferences.of(jar.get());
                synchronized (consumers) {
                    consumers.put(sha256, read);
                }
                return Optional.of(read);
            }
            if (consumer.location().startsWith("file:")) {
                Path jar = Path.of(URI.create(consumer.location()));
                return Files.isRegularFile(jar) ? Optional.of(ClassReferences.of(jar)) : Optional.empty();
            }
        } catch (IOException | IllegalArgumentException e) {
            // unreadable: the consumer is named, which is the safe side
        }
        return Optional.empty();
    }

    private static String text(ApiBreaks.Break change) {
        String what = switch (change.classType()) {
            case INTERFACE -> "the interface ";
            case ENUM -> "the enum ";
            case ANNOTATION -> "the annotation ";
            default -> "the class ";
        };
        if (change.className().isEmpty()) {
            return "changed its API";
        }
        return switch (change.kind()) {
            case REMOVED -> "removed " + (change.member().isPresent() ? "" : what) + change.text();
            case CHANGED -> "changed " + (change.member().isPresent() ? "" : what) + change.text();
            case ADDED -> "added the abstract method " + change.text();
        };
    }

    private static String verb(ApiBreaks.Break change, int users) {
        String verb = change.kind() != ApiBreaks.Kind.ADDED ? "use"
                : change.classType() == aQute.bnd.service.diff.Type.INTERFACE ? "implement" : "extend";
        return users == 1 ? verb + "s" : verb;
    }
}
