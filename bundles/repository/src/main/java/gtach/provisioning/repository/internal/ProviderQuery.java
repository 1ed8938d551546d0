package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.ExportedPackage;
import gtach.provisioning.repository.PackageInfo;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.namespace.AbstractWiringNamespace;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.IdentityNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.resource.Capability;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;
import org.osgi.service.repository.ContentNamespace;
import org.osgi.service.log.Logger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Answers {@code findProviders} for one requirement, as the OSGi Repository specification
 * defines it: every stored capability in the requirement's namespace whose attributes match its
 * {@code filter} directive.
 * <p>
 * Requirements on packages, identities, bundles and hosts name what they want in their filter;
 * the candidates are looked up by that name in the index instead of scanning every package. When
 * the filter looks only at attributes the index holds (names, versions, type, content) and the
 * candidate's capabilities carry exactly those, the filter is evaluated on them and the matching
 * capabilities are returned without reading any {@code package.json}; otherwise the candidate's
 * resource is read and its capabilities are tested directly.
 */
final class ProviderQuery {

    private static final Set<String> PACKAGE_KEYS = Set.of(PackageNamespace.PACKAGE_NAMESPACE,
            PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE, PackageNamespace.CAPABILITY_BUNDLE_SYMBOLICNAME_ATTRIBUTE,
            AbstractWiringNamespace.CAPABILITY_BUNDLE_VERSION_ATTRIBUTE);
    private static final Set<String> IDENTITY_KEYS = Set.of(IdentityNamespace.IDENTITY_NAMESPACE,
            IdentityNamespace.CAPABILITY_VERSION_ATTRIBUTE, IdentityNamespace.CAPABILITY_TYPE_ATTRIBUTE);
    private static final Set<String> BUNDLE_KEYS = Set.of(BundleNamespace.BUNDLE_NAMESPACE,
            AbstractWiringNamespace.CAPABILITY_BUNDLE_VERSION_ATTRIBUTE);
    private static final Set<String> HOST_KEYS = Set.of(HostNamespace.HOST_NAMESPACE,
            AbstractWiringNamespace.CAPABILITY_BUNDLE_VERSION_ATTRIBUTE);
    private static final Set<String> CONTENT_KEYS = Set.of(ContentNamespace.CONTENT_NAMESPACE,
            ContentNamespace.CAPABILITY_URL_ATTRIBUTE, ContentNamespace.CAPABILITY_SIZE_ATTRIBUTE,
            ContentNamespace.CAPABILITY_MIME_ATTRIBUTE);

    private final StoreLayout storeLayout;
    private final ResourceCache resources;
    private final Logger log;

    ProviderQuery(StoreLayout storeLayout, ResourceCache resources, Logger log) {
        this.storeLayout = storeLayout;
        this.resources = resources;
        this.log = log;
    }

    /** The matching capabilities, in repository order of their packages. */
    List<Capability> find(PackageIndex index, Requirement requirement) {
        String namespace = requirement.getNamespace();
        String filterText = requirement.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
        Filter filter = null;
        FilterShape shape = null;
        if (filterText != null) {
            try {
                filter = FrameworkUtil.createFilter(filterText);
            } catch (InvalidSyntaxException e) {
                log.warn("No providers for a {} requirement with the invalid filter {}: {}",
                        namespace, filterText, e.getMessage());
                return List.of();
            }
            shape = FilterShape.of(filterText);
        }
        Set<String> indexedKeys = indexedKeys(namespace);
        boolean answerableFromIndex = filter != null && indexedKeys != null
                && shape.attributes().map(indexedKeys::containsAll).orElse(false);
        List<Capability> found = new ArrayList<>();
        for (IndexEntry candidate : candidates(index, namespace, shape)) {
            Optional<String> layout = candidate.layout();
            if (answerableFromIndex && layout.isPresent()) {
                addFromIndex(candidate, layout.get(), namespace, filter, found);
            } else {
                for (Capability capability : resources.get(candidate).getCapabilities(namespace)) {
                    if (filter == null || filter.matches(capability.getAttributes())) {
                        found.add(capability);
                    }
                }
            }
        }
        return found;
    }

    /**
     * Adds the candidate's matching capabilities, judged on the attributes the index holds, which
     * are all the filter looks at; the capabilities read their other attributes when asked.
     */
    private void addFromIndex(IndexEntry candidate, String layout, String namespace, Filter filter, List<Capability> found) {
        PackageInfo info = candidate.info();
        if (namespace.equals(ContentNamespace.CONTENT_NAMESPACE)) {
            // the content capability follows the stored ones
            if (filter.matches(StoredResource.contentAttributes(info.sha256(), info.size(), storeLayout.bundleFile(info.id())))) {
                found.add(resources.get(candidate).capability(layout.length(), namespace));
            }
            return;
        }
        char code = layoutCode(namespace);
        int exportIndex = 0;
        for (int position = 0; position < layout.length(); position++) {
            char current = layout.charAt(position);
            ExportedPackage export = current == IndexEntry.PACKAGE ? info.exports().get(exportIndex++) : null;
            if (current != code) {
                continue;
            }
            Map<String, Object> attributes = switch (code) {
                case IndexEntry.PACKAGE -> IndexEntry.packageAttributes(info, export);
                case IndexEntry.IDENTITY -> IndexEntry.identityAttributes(info, candidate.fragment());
                default -> IndexEntry.wiringAttributes(info, namespace);
            };
            if (filter.matches(attributes)) {
                found.add(resources.get(candidate).capability(position, namespace));
            }
        }
    }

    private static char layoutCode(String namespace) {
        return switch (namespace) {
            case PackageNamespace.PACKAGE_NAMESPACE -> IndexEntry.PACKAGE;
            case IdentityNamespace.IDENTITY_NAMESPACE -> IndexEntry.IDENTITY;
            case BundleNamespace.BUNDLE_NAMESPACE -> IndexEntry.BUNDLE;
            default -> IndexEntry.HOST;
        };
    }

    private Collection<IndexEntry> candidates(PackageIndex index, String namespace, FilterShape shape) {
        Optional<Set<String>> names = shape == null ? Optional.empty() : shape.requiredValues(namespace);
        switch (namespace) {
            case PackageNamespace.PACKAGE_NAMESPACE:
                if (names.isPresent()) {
                    return byNames(names.get(), index::exporters);
                }
                return index.entries().stream().filter(entry -> !entry.info().exports().isEmpty()).toList();
            case IdentityNamespace.IDENTITY_NAMESPACE:
                return names.isPresent() ? byNames(names.get(), index::versions) : index.entries();
            case BundleNamespace.BUNDLE_NAMESPACE:
            case HostNamespace.HOST_NAMESPACE:
                if (names.isPresent()) {
                    return byNames(names.get(), index::versions).stream()
                            .filter(entry -> entry.namespaces().contains(namespace)).toList();
                }
                return index.providers(namespace);
            case ContentNamespace.CONTENT_NAMESPACE:
                return index.entries();
            default:
                return index.providers(namespace);
        }
    }

    private static Collection<IndexEntry> byNames(Set<String> names, Function<String, List<IndexEntry>> lookup) {
        if (names.size() == 1) {
            return lookup.apply(names.iterator().next());
        }
        Set<IndexEntry> union = new LinkedHashSet<>();
        for (String name : names) {
            union.addAll(lookup.apply(name));
        }
        List<IndexEntry> sorted = new ArrayList<>(union);
        sorted.sort(IndexEntry.ORDER);
        return sorted;
    }

    private static Set<String> indexedKeys(String namespace) {
        return switch (namespace) {
            case PackageNamespace.PACKAGE_NAMESPACE -> PACKAGE_KEYS;
            case IdentityNamespace.IDENTITY_NAMESPACE -> IDENTITY_KEYS;
            case BundleNamespace.BUNDLE_NAMESPACE -> BUNDLE_KEYS;
            case HostNamespace.HOST_NAMESPACE -> HOST_KEYS;
            case ContentNamespace.CONTENT_NAMESPACE -> CONTENT_KEYS;
            default -> null;
        };
    }
}
