package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.ExportedPackage;
import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.version.SemanticVersion;
import gtach.provisioning.version.VersionOrder;
import org.osgi.framework.namespace.AbstractWiringNamespace;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.IdentityNamespace;
import org.osgi.framework.namespace.PackageNamespace;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One stored package as the in-memory index knows it: its summary, its SemVer reading (computed
 * once, since searching by version range needs it constantly), whether it is a fragment, which
 * capability namespaces besides identity and packages it provides, and its capability layout.
 * Immutable.
 * <p>
 * The layout has one letter per capability of {@code package.json}, in order: {@code i} identity,
 * {@code p} package (the n-th {@code p} is the n-th export), {@code b} bundle, {@code h} host,
 * {@code x} any other. It is only present when those capabilities carry exactly the standard
 * attributes the index can reproduce (name, versions, type), so that a requirement on them can be
 * answered without reading {@code package.json}.
 */
final class IndexEntry {

    static final char IDENTITY = 'i';
    static final char PACKAGE = 'p';
    static final char BUNDLE = 'b';
    static final char HOST = 'h';
    static final char OTHER = 'x';

    /** The repository order: symbolic name, then version in {@link VersionOrder}, lowest first. */
    static final Comparator<IndexEntry> ORDER = Comparator.comparing((IndexEntry entry) -> entry.id().symbolicName())
            .thenComparing(entry -> entry.id().version(), VersionOrder.PRECEDENCE);

    private final PackageInfo info;
    private final Optional<SemanticVersion> semanticVersion;
    private final boolean fragment;
    private final List<String> namespaces;
    private final String layout;

    IndexEntry(PackageInfo info, Optional<SemanticVersion> semanticVersion, boolean fragment, List<String> namespaces,
            String layout) {
        this.info = info;
        this.semanticVersion = semanticVersion;
        this.fragment = fragment;
        this.namespaces = namespaces;
        this.layout = layout;
    }

    /** The entry for a package read from its {@code package.json}. */
    static IndexEntry of(PackageRecord record, Interner interner) {
        PackageInfo info = interner.info(record.info());
        boolean fragment = false;
        TreeSet<String> namespaces = new TreeSet<>();
        for (CapReqRecord capability : record.capabilities()) {
            String namespace = capability.namespace();
            if (namespace.equals(IdentityNamespace.IDENTITY_NAMESPACE)) {
                fragment |= IdentityNamespace.TYPE_FRAGMENT.equals(
                        capability.attributes().get(IdentityNamespace.CAPABILITY_TYPE_ATTRIBUTE));
            } else if (!namespace.equals(PackageNamespace.PACKAGE_NAMESPACE)) {
                namespaces.add(interner.string(namespace));
            }
        }
        String layout = layout(record, info, fragment);
        return new IndexEntry(info, interner.semanticVersion(info.id().version()), fragment,
                interner.list(List.copyOf(namespaces)), layout == null ? null : interner.string(layout));
    }

    /** The layout, or {@code null} when some capability carries attributes the index cannot reproduce. */
    private static String layout(PackageRecord record, PackageInfo info, boolean fragment) {
        StringBuilder layout = new StringBuilder(record.capabilities().size());
        int exportIndex = 0;
        for (CapReqRecord capability : record.capabilities()) {
            Map<String, Object> attributes = capability.attributes();
            boolean standard;
            switch (capability.namespace()) {
                case IdentityNamespace.IDENTITY_NAMESPACE -> {
                    layout.append(IDENTITY);
                    standard = matches(attributes, identityAttributes(info, fragment));
                }
                case PackageNamespace.PACKAGE_NAMESPACE -> {
                    layout.append(PACKAGE);
                    standard = exportIndex < info.exports().size()
                            && matches(attributes, packageAttributes(info, info.exports().get(exportIndex++)));
                }
                case BundleNamespace.BUNDLE_NAMESPACE -> {
                    layout.append(BUNDLE);
                    standard = matches(attributes, wiringAttributes(info, BundleNamespace.BUNDLE_NAMESPACE));
                }
                case HostNamespace.HOST_NAMESPACE -> {
                    layout.append(HOST);
                    standard = matches(attributes, wiringAttributes(info, HostNamespace.HOST_NAMESPACE));
                }
                default -> {
                    layout.append(OTHER);
                    standard = true;
                }
            }
            if (!standard) {
                return null;
            }
        }
        return exportIndex == info.exports().size() ? layout.toString() : null;
    }

    /** Whether the attributes hold every standard one with the same value (others may be there too). */
    private static boolean matches(Map<String, Object> attributes, Map<String, Object> standard) {
        for (Map.Entry<String, Object> attribute : standard.entrySet()) {
            if (!Objects.equals(attributes.get(attribute.getKey()), attribute.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** The standard attributes of the identity capability. */
    static Map<String, Object> identityAttributes(PackageInfo info, boolean fragment) {
        return Map.of(IdentityNamespace.IDENTITY_NAMESPACE, info.id().symbolicName(),
                IdentityNamespace.CAPABILITY_VERSION_ATTRIBUTE, info.id().version(),
                IdentityNamespace.CAPABILITY_TYPE_ATTRIBUTE,
                fragment ? IdentityNamespace.TYPE_FRAGMENT : IdentityNamespace.TYPE_BUNDLE);
    }

    /** The standard attributes of the capability of an exported package. */
    static Map<String, Object> packageAttributes(PackageInfo info, ExportedPackage export) {
        return Map.of(PackageNamespace.PACKAGE_NAMESPACE, export.name(),
                PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE, export.version(),
                PackageNamespace.CAPABILITY_BUNDLE_SYMBOLICNAME_ATTRIBUTE, info.id().symbolicName(),
                AbstractWiringNamespace.CAPABILITY_BUNDLE_VERSION_ATTRIBUTE, info.id().version());
    }

    /** The standard attributes of the bundle or host capability. */
    static Map<String, Object> wiringAttributes(PackageInfo info, String namespace) {
        return Map.of(namespace, info.id().symbolicName(),
                AbstractWiringNamespace.CAPABILITY_BUNDLE_VERSION_ATTRIBUTE, info.id().version());
    }

    PackageId id() {
        return info.id();
    }

    PackageInfo info() {
        return info;
    }

    Optional<SemanticVersion> semanticVersion() {
        return semanticVersion;
    }

    boolean fragment() {
        return fragment;
    }

    /** Capability namespaces other than {@code osgi.identity} and {@code osgi.wiring.package}, sorted. */
    List<String> namespaces() {
        return namespaces;
    }

    /** The capability layout described above, if the index can stand in for {@code package.json}. */
    Optional<String> layout() {
        return Optional.ofNullable(layout);
    }

    @Override
    public String toString() {
        return info.id().toString();
    }
}
