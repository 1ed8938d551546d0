package gtach.provisioning.update.internal;

import gtach.provisioning.repository.ExportedPackage;
import gtach.provisioning.repository.ImportedPackage;
import gtach.provisioning.repository.remote.RemoteRepositories;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.IdentityNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.resource.Capability;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.resource.Wire;
import org.osgi.resource.Wiring;
import org.osgi.service.repository.ContentNamespace;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bundles described in a line, as the OSGi resources a manifest would give: the identity, the
 * bundle and host capabilities, exported and imported packages, the host of a fragment. A
 * description becomes either a stored package ({@link Description#stored()}) or the revision of
 * an installed bundle ({@link Description#installed(long, String)}), which the resolver must keep
 * as it is wired now ({@link #wiringOf(Resource)}).
 */
final class Resources {

    private Resources() {
    }

    /** A bundle that is not a fragment. */
    static Description bundle(String symbolicName, String version) {
        return new Description(symbolicName, Version.parseVersion(version), Optional.empty());
    }

    /** A fragment of the named host. */
    static Description fragment(String symbolicName, String version, String host) {
        return new Description(symbolicName, Version.parseVersion(version), Optional.of(host));
    }

    /**
     * A fragment of the named host within a range of its versions.
     *
     * @param range an OSGi range such as {@code [1.0.0,2.0.0)}
     */
    static Description fragment(String symbolicName, String version, String host, String range) {
        Description fragment = fragment(symbolicName, version, host);
        fragment.hostRange = Optional.of(range);
        return fragment;
    }

    /**
     * The filter of a package import, as the framework writes it:
     * {@code (&(osgi.wiring.package=x)(version>=1.0.0)(!(version>=2.0.0)))}.
     *
     * @param range an OSGi range such as {@code [1.0.0,2.0.0)}
     */
    static String packageFilter(String packageName, String range) {
        VersionRange r = new VersionRange(range);
        StringBuilder filter = new StringBuilder("(&(").append(PackageNamespace.PACKAGE_NAMESPACE).append('=')
                .append(packageName).append(')');
        filter.append(r.getLeftType() == VersionRange.LEFT_CLOSED ? "(version>=" + r.getLeft() + ")"
                : "(!(version<=" + r.getLeft() + "))");
        if (r.getRight() != null) {
            filter.append(r.getRightType() == VersionRange.RIGHT_OPEN ? "(!(version>=" + r.getRight() + "))"
                    : "(version<=" + r.getRight() + ")");
        }
        return filter.append(')').toString();
    }

    /** A package import of a resource. */
    static Requirement packageRequirement(Resource requirer, String packageName, String range) {
        return new Need(requirer, PackageNamespace.PACKAGE_NAMESPACE,
                Map.of(Namespace.REQUIREMENT_FILTER_DIRECTIVE, packageFilter(packageName, range)));
    }

    /** A fragment's requirement of its host. */
    static Requirement hostRequirement(Resource fragment, String host) {
        return new Need(fragment, HostNamespace.HOST_NAMESPACE,
                Map.of(Namespace.REQUIREMENT_FILTER_DIRECTIVE, "(" + HostNamespace.HOST_NAMESPACE + "=" + host + ")"));
    }

    /** A fragment's requirement of its host within a range, as bnd writes it: {@code bundle-version} bounds. */
    static Requirement hostRequirement(Resource fragment, String host, String range) {
        String packageStyle = packageFilter(host, range);
        String filter = packageStyle.replace("(" + PackageNamespace.PACKAGE_NAMESPACE + "=", "(" + HostNamespace.HOST_NAMESPACE + "=")
                .replace("(version", "(" + HostNamespace.CAPABILITY_BUNDLE_VERSION_ATTRIBUTE);
        return new Need(fragment, HostNamespace.HOST_NAMESPACE, Map.of(Namespace.REQUIREMENT_FILTER_DIRECTIVE, filter));
    }

    /** The current wiring of an installed bundle: its capabilities and requirements, no wires. */
    static Wiring wiringOf(Resource resource) {
        return new FixedWiring(resource);
    }

    /** What a manifest declares, in a few calls. */
    static final class Description {

        private final String symbolicName;
        private final Version version;
        private final Optional<String> host;
        private Optional<String> hostRange = Optional.empty();
        /** The remote whose fetched index lists the package, for a package not stored locally. */
        private Optional<String> remote = Optional.empty();
        private final List<ExportedPackage> exports = new ArrayList<>();
        private final List<ImportedPackage> imports = new ArrayList<>();
        /** The {@code uses} directive of an exported package, by package name. */
        private final Map<String, String> uses = new HashMap<>();
        /** Requirements of other namespaces: each one's namespace and directives. */
        private final List<Map.Entry<String, Map<String, String>>> requirements = new ArrayList<>();
        /** The attributes of those requirements, in the same order. */
        private final List<Map<String, Object>> requirementAttributes = new ArrayList<>();

        private Description(String symbolicName, Version version, Optional<String> host) {
            this.symbolicName = symbolicName;
            this.version = version;
            this.host = host;
        }

        Description exports(String packageName, String version) {
            exports.add(new ExportedPackage(packageName, Version.parseVersion(version)));
            return this;
        }

        /** An export whose classes show types of other packages: {@code uses:=} those, comma-separated. */
        Description exports(String packageName, String version, String usedPackages) {
            uses.put(packageName, usedPackages);
            return exports(packageName, version);
        }

        /** @param range an OSGi range such as {@code [1.0.0,2.0.0)} */
        Description imports(String packageName, String range) {
            imports.add(new ImportedPackage(packageName, new VersionRange(range), false));
            return this;
        }

        /** @param range an OSGi range such as {@code [1.0.0,2.0.0)} */
        Description importsOptionally(String packageName, String range) {
            imports.add(new ImportedPackage(packageName, new VersionRange(range), true));
            return this;
        }

        /** A {@code Require-Capability} of any namespace: {@code requires("osgi.extender", "(osgi.extender=x)")}. */
        Description requires(String namespace, String filter) {
            return requires(namespace, filter, Map.of());
        }

        /** A {@code Require-Capability} with more directives than its filter, such as {@code effective:=active}. */
        Description requires(String namespace, String filter, Map<String, String> directives) {
            return requires(namespace, filter, directives, Map.of());
        }

        /** A {@code Require-Capability} with attributes, which the resolver ignores: {@code gtach.start-level=3}. */
        Description requires(String namespace, String filter, Map<String, String> directives, Map<String, Object> attributes) {
            Map<String, String> all = new LinkedHashMap<>(directives);
            all.put(Namespace.REQUIREMENT_FILTER_DIRECTIVE, filter);
            requirements.add(Map.entry(namespace, all));
            requirementAttributes.add(Map.copyOf(attributes));
            return this;
        }

        /** A package a fetched remote lists: its identity names the remote, its content has a size and hash. */
        Description fromRemote(String remoteName) {
            remote = Optional.of(remoteName);
            return this;
        }

        String symbolicName() {
            return symbolicName;
        }

        Version version() {
            return version;
        }

        Optional<String> host() {
            return host;
        }

        List<ExportedPackage> exportedPackages() {
            return List.copyOf(exports);
        }

        List<ImportedPackage> importedPackages() {
            return List.copyOf(imports);
        }

        /** The resource of a stored package, as a repository offers it. */
        Resource stored() {
            return new Declared(this);
        }

        /** The revision of an installed bundle with this id and location. */
        BundleRevision installed(long bundleId, String location) {
            return new Installed(this, bundleId, location);
        }
    }

    /** The capabilities and requirements a description declares, owned by one resource. */
    private static class Declared implements Resource {

        final Description description;
        private final List<Capability> capabilities = new ArrayList<>();
        private final List<Requirement> requirements = new ArrayList<>();

        Declared(Description d) {
            this.description = d;
            String type = d.host.isPresent() ? IdentityNamespace.TYPE_FRAGMENT : IdentityNamespace.TYPE_BUNDLE;
            Map<String, Object> identity = attributes(
                    IdentityNamespace.IDENTITY_NAMESPACE, d.symbolicName,
                    IdentityNamespace.CAPABILITY_VERSION_ATTRIBUTE, d.version,
                    IdentityNamespace.CAPABILITY_TYPE_ATTRIBUTE, type);
            d.remote.ifPresent(r -> identity.put(RemoteRepositories.REMOTE_ATTRIBUTE, r));
            capabilities.add(new Offer(this, IdentityNamespace.IDENTITY_NAMESPACE, identity));
            if (d.remote.isPresent()) {
                capabilities.add(new Offer(this, ContentNamespace.CONTENT_NAMESPACE, attributes(
                        ContentNamespace.CONTENT_NAMESPACE, StoredPackages.sha256Of(d.symbolicName, d.version.toString()),
                        ContentNamespace.CAPABILITY_SIZE_ATTRIBUTE, 4096L,
                        ContentNamespace.CAPABILITY_URL_ATTRIBUTE, "https://fleet.example/jars/" + d.symbolicName + ".jar")));
            }
            if (d.host.isEmpty()) {
                capabilities.add(new Offer(this, BundleNamespace.BUNDLE_NAMESPACE, attributes(
                        BundleNamespace.BUNDLE_NAMESPACE, d.symbolicName,
                        BundleNamespace.CAPABILITY_BUNDLE_VERSION_ATTRIBUTE, d.version)));
                capabilities.add(new Offer(this, HostNamespace.HOST_NAMESPACE, attributes(
                        HostNamespace.HOST_NAMESPACE, d.symbolicName,
                        HostNamespace.CAPABILITY_BUNDLE_VERSION_ATTRIBUTE, d.version)));
            }
            for (ExportedPackage export : d.exports) {
                capabilities.add(new Offer(this, PackageNamespace.PACKAGE_NAMESPACE, attributes(
                        PackageNamespace.PACKAGE_NAMESPACE, export.name(),
                        PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE, export.version(),
                        PackageNamespace.CAPABILITY_BUNDLE_SYMBOLICNAME_ATTRIBUTE, d.symbolicName,
                        PackageNamespace.CAPABILITY_BUNDLE_VERSION_ATTRIBUTE, d.version),
                        d.uses.containsKey(export.name())
                                ? Map.of(PackageNamespace.CAPABILITY_USES_DIRECTIVE, d.uses.get(export.name()))
                                : Map.of()));
            }
            d.host.ifPresent(h -> requirements.add(d.hostRange.isPresent()
                    ? hostRequirement(this, h, d.hostRange.get()) : hostRequirement(this, h)));
            for (ImportedPackage i : d.imports) {
                requirements.add(i.optional()
                        ? new Need(this, PackageNamespace.PACKAGE_NAMESPACE, Map.of(
                                Namespace.REQUIREMENT_FILTER_DIRECTIVE, packageFilter(i.name(), i.range().toString()),
                                Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE, Namespace.RESOLUTION_OPTIONAL))
                        : packageRequirement(this, i.name(), i.range().toString()));
            }
            for (int i = 0; i < d.requirements.size(); i++) {
                Map.Entry<String, Map<String, String>> r = d.requirements.get(i);
                requirements.add(new Need(this, r.getKey(), r.getValue(), d.requirementAttributes.get(i)));
            }
        }

        @Override
        public List<Capability> getCapabilities(String namespace) {
            return capabilities.stream().filter(c -> namespace == null || namespace.equals(c.getNamespace())).toList();
        }

        @Override
        public List<Requirement> getRequirements(String namespace) {
            return requirements.stream().filter(r -> namespace == null || namespace.equals(r.getNamespace())).toList();
        }

        @Override
        public String toString() {
            return description.symbolicName + " " + description.version;
        }

        private static Map<String, Object> attributes(Object... keysAndValues) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
            return map;
        }
    }

    /** An installed bundle's revision: what the framework hands the resolver for a bundle it keeps. */
    private static final class Installed extends Declared implements BundleRevision {

        private final Bundle bundle;

        Installed(Description d, long bundleId, String location) {
            super(d);
            this.bundle = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getBundleId" -> bundleId;
                        case "getSymbolicName" -> d.symbolicName;
                        case "getVersion" -> d.version;
                        case "getLocation" -> location;
                        case "hashCode" -> Long.hashCode(bundleId);
                        case "equals" -> proxy == args[0];
                        case "toString" -> d.symbolicName + " [" + bundleId + "]";
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        @Override
        public Bundle getBundle() {
            return bundle;
        }

        @Override
        public String getSymbolicName() {
            return description.symbolicName;
        }

        @Override
        public Version getVersion() {
            return description.version;
        }

        @Override
        public int getTypes() {
            return description.host.isPresent() ? TYPE_FRAGMENT : 0;
        }

        @Override
        public List<BundleCapability> getDeclaredCapabilities(String namespace) {
            throw new UnsupportedOperationException("the planner reads capabilities through the Resource methods");
        }

        @Override
        public List<BundleRequirement> getDeclaredRequirements(String namespace) {
            throw new UnsupportedOperationException("the planner reads requirements through the Resource methods");
        }

        @Override
        public BundleWiring getWiring() {
            throw new UnsupportedOperationException("the planner reads wirings from the view");
        }
    }

    private static final class Offer implements Capability {

        private final Resource resource;
        private final String namespace;
        private final Map<String, Object> attributes;
        private final Map<String, String> directives;

        Offer(Resource resource, String namespace, Map<String, Object> attributes) {
            this(resource, namespace, attributes, Map.of());
        }

        Offer(Resource resource, String namespace, Map<String, Object> attributes, Map<String, String> directives) {
            this.resource = resource;
            this.namespace = namespace;
            this.attributes = Map.copyOf(attributes);
            this.directives = Map.copyOf(directives);
        }

        @Override
        public String getNamespace() {
            return namespace;
        }

        @Override
        public Map<String, String> getDirectives() {
            return directives;
        }

        @Override
        public Map<String, Object> getAttributes() {
            return attributes;
        }

        @Override
        public Resource getResource() {
            return resource;
        }

        @Override
        public String toString() {
            return namespace + attributes;
        }
    }

    private static final class Need implements Requirement {

        private final Resource resource;
        private final String namespace;
        private final Map<String, String> directives;
        private final Map<String, Object> attributes;

        Need(Resource resource, String namespace, Map<String, String> directives) {
            this(resource, namespace, directives, Map.of());
        }

        Need(Resource resource, String namespace, Map<String, String> directives, Map<String, Object> attributes) {
            this.resource = resource;
            this.namespace = namespace;
            this.directives = Map.copyOf(directives);
            this.attributes = Map.copyOf(attributes);
        }

        @Override
        public String getNamespace() {
            return namespace;
        }

        @Override
        public Map<String, String> getDirectives() {
            return directives;
        }

        @Override
        public Map<String, Object> getAttributes() {
            return attributes;
        }

        @Override
        public Resource getResource() {
            return resource;
        }

        @Override
        public String toString() {
            return namespace + directives;
        }
    }

    private static final class FixedWiring implements Wiring {

        private final Resource resource;

        FixedWiring(Resource resource) {
            this.resource = resource;
        }

        @Override
        public List<Capability> getResourceCapabilities(String namespace) {
            return resource.getCapabilities(namespace);
        }

        @Override
        public List<Requirement> getResourceRequirements(String namespace) {
            return resource.getRequirements(namespace);
        }

        @Override
        public List<Wire> getProvidedResourceWires(String namespace) {
            return List.of();
        }

        @Override
        public List<Wire> getRequiredResourceWires(String namespace) {
            return List.of();
        }

        @Override
        public Resource getResource() {
            return resource;
        }
    }
}
