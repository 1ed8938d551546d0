package gtach.provisioning.update.internal;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.repository.VerifyReport;
import gtach.provisioning.version.SemanticRange;
import gtach.provisioning.version.VersionOrder;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.Version;
import org.osgi.resource.Capability;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.service.repository.ExpressionCombiner;
import org.osgi.service.repository.Repository;
import org.osgi.service.repository.RequirementBuilder;
import org.osgi.service.repository.RequirementExpression;
import org.osgi.util.promise.Promise;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A package repository in memory: what the planner reads of the real one (the versions of a name,
 * one package, its resource, its JAR's path, the exporters of a package), and the same packages
 * as an OSGi {@link Repository} whose providers are found by the requirements' filters. Every
 * stored JAR's SHA-256 is {@link #sha256Of(String, String) derived} from its name and version.
 */
final class StoredPackages implements PackageRepository {

    private final Map<PackageId, PackageInfo> infos = new TreeMap<>((a, b) -> {
        int byName = a.symbolicName().compareTo(b.symbolicName());
        return byName != 0 ? byName : VersionOrder.compare(a.version(), b.version());
    });
    private final Map<PackageId, Resource> resources = new LinkedHashMap<>();
    private final Map<PackageId, String> absences = new LinkedHashMap<>();
    private final Map<PackageId, Path> jars = new LinkedHashMap<>();
    private final Map<PackageId, Set<String>> supersededBuilds = new LinkedHashMap<>();

    /** Stores a package for each description. */
    StoredPackages add(Resources.Description... descriptions) {
        for (Resources.Description d : descriptions) {
            PackageId id = new PackageId(d.symbolicName(), d.version());
            infos.put(id, new PackageInfo(id, sha256Of(d.symbolicName(), d.version().toString()), 1024,
                    d.symbolicName(), "", d.exportedPackages(), d.importedPackages(),
                    "file:/packages/" + d.symbolicName() + "-" + d.version() + ".jar", Instant.EPOCH));
            resources.put(id, d.stored());
        }
        return this;
    }

    /**
     * Stores another build of an unreleased package in place of the stored one, as {@code gtach:add} of a
     * rebuild does; the build it replaces stays reachable by its hash when {@code keepPrevious}.
     *
     * @return the SHA-256 of the new build
     */
    String rebuild(String symbolicName, String version, String content, boolean keepPrevious) {
        PackageId id = new PackageId(symbolicName, Version.parseVersion(version));
        PackageInfo old = infos.get(id);
        String sha256 = sha256Of(symbolicName, version, content);
        infos.put(id, new PackageInfo(id, sha256, old.size(), old.name(), old.description(), old.exports(), old.imports(),
                old.source(), old.added()));
        if (keepPrevious) {
            supersededBuilds.computeIfAbsent(id, k -> new java.util.HashSet<>()).add(old.sha256());
        }
        return sha256;
    }

    /** Takes a package out, as verify's quarantine does, remembering the repository's explanation. */
    StoredPackages quarantine(String symbolicName, String version, String why) {
        remove(symbolicName, version);
        absences.put(new PackageId(symbolicName, Version.parseVersion(version)), why);
        return this;
    }

    /** Serves a real file as the JAR of a stored package. */
    StoredPackages jar(String symbolicName, String version, Path file) {
        jars.put(new PackageId(symbolicName, Version.parseVersion(version)), file);
        return this;
    }

    @Override
    public Optional<String> whyAbsent(PackageId id) {
        return infos.containsKey(id) ? Optional.empty() : Optional.ofNullable(absences.get(id));
    }

    /** The SHA-256 of the JAR stored for a name and an OSGi version. */
    static String sha256Of(String symbolicName, String version) {
        return sha256Of(symbolicName, version, "");
    }

    /** The SHA-256 of a build of a name and an OSGi version, by what it was built from; "" for the first. */
    static String sha256Of(String symbolicName, String version, String content) {
        try {
            String text = symbolicName + "@" + Version.parseVersion(version) + (content.isEmpty() ? "" : "#" + content);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same packages as an OSGi repository. */
    Repository repository() {
        return new Repository() {
            @Override
            public Map<Requirement, Collection<Capability>> findProviders(Collection<? extends Requirement> requirements) {
                Map<Requirement, Collection<Capability>> found = new LinkedHashMap<>();
                for (Requirement requirement : requirements) {
                    found.put(requirement, providers(requirement));
                }
                return found;
            }

            @Override
            public Promise<Collection<Resource>> findProviders(RequirementExpression expression) {
                throw new UnsupportedOperationException("findProviders(RequirementExpression)");
            }

            @Override
            public ExpressionCombiner getExpressionCombiner() {
                throw new UnsupportedOperationException("getExpressionCombiner");
            }

            @Override
            public RequirementBuilder newRequirementBuilder(String namespace) {
                throw new UnsupportedOperationException("newRequirementBuilder");
            }
        };
    }

    private List<Capability> providers(Requirement requirement) {
        String text = requirement.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
        Filter filter;
        try {
            filter = text == null ? null : FrameworkUtil.createFilter(text);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(text, e);
        }
        List<Capability> providers = new ArrayList<>();
        for (Resource resource : resources.values()) {
            for (Capability capability : resource.getCapabilities(requirement.getNamespace())) {
                if (filter == null || filter.matches(capability.getAttributes())) {
                    providers.add(capability);
                }
            }
        }
        return providers;
    }

    @Override
    public Optional<PackageInfo> get(String symbolicName, String version) {
        return Optional.ofNullable(infos.get(new PackageId(symbolicName, Version.parseVersion(version))));
    }

    @Override
    public List<PackageInfo> versions(String symbolicName) {
        return infos.values().stream().filter(p -> p.id().symbolicName().equals(symbolicName)).toList();
    }

    @Override
    public List<PackageInfo> exporters(String packageName) {
        return infos.values().stream()
                .filter(p -> p.exports().stream().anyMatch(x -> x.name().equals(packageName)))
                .toList();
    }

    @Override
    public Resource resource(PackageId id) {
        Resource resource = resources.get(id);
        if (resource == null) {
            throw new IllegalArgumentException("No package " + id + " is stored.");
        }
        return resource;
    }

    @Override
    public Path bundleFile(PackageId id) {
        resource(id);
        return jars.getOrDefault(id, Path.of("packages", id.symbolicName(), id.version().toString(), "bundle.jar"));
    }

    @Override
    public Path bundleFile(PackageId id, String sha256) {
        if (jars.containsKey(id)) {
            // a real file stands for the package: whatever it holds is checked by whoever reads it
            return jars.get(id);
        }
        PackageInfo info = infos.get(id);
        if (info == null || !info.sha256().equals(sha256) && !supersededBuilds.getOrDefault(id, Set.of()).contains(sha256)) {
            throw new IllegalArgumentException("No build " + sha256 + " of " + id + " is stored.");
        }
        return bundleFile(id);
    }

    @Override
    public PackageInfo remove(String symbolicName, String version) {
        PackageId id = new PackageId(symbolicName, Version.parseVersion(version));
        PackageInfo removed = infos.remove(id);
        if (removed == null) {
            throw new IllegalArgumentException("No package " + id + " is stored.");
        }
        resources.remove(id);
        return removed;
    }

    @Override
    public Path root() {
        throw new UnsupportedOperationException("root");
    }

    @Override
    public List<AddOutcome> add(String source, Consumer<String> progress) {
        throw new UnsupportedOperationException("add");
    }

    @Override
    public List<PackageInfo> list(String nameGlob) {
        throw new UnsupportedOperationException("list");
    }

    @Override
    public List<PackageInfo> search(String text, Optional<SemanticRange> range) {
        throw new UnsupportedOperationException("search");
    }

    @Override
    public List<PackageInfo> importers(String packageName) {
        throw new UnsupportedOperationException("importers");
    }

    @Override
    public VerifyReport verify() {
        throw new UnsupportedOperationException("verify");
    }

    @Override
    public List<PackageInfo> gc(int keep) {
        throw new UnsupportedOperationException("gc");
    }

    @Override
    public void markInUse(String owner, Collection<PackageId> packages) {
        throw new UnsupportedOperationException("markInUse");
    }

    @Override
    public Set<PackageId> inUse() {
        throw new UnsupportedOperationException("inUse");
    }
}
