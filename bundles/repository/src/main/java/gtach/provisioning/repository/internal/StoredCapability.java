package gtach.provisioning.repository.internal;

import org.osgi.resource.Capability;
import org.osgi.resource.Resource;

import java.util.List;
import java.util.Map;

/**
 * One capability of a {@link StoredResource}, equal to the capability at the same position of an
 * equal resource. One made before its resource read {@code package.json} knows only its namespace
 * and position; it reads its attributes and directives from the resource when first asked.
 */
final class StoredCapability implements Capability {

    private final StoredResource resource;
    private final int position;
    private final String namespace;
    private volatile Map<String, Object> attributes;
    private volatile Map<String, String> directives;

    /** A capability with everything known. */
    StoredCapability(StoredResource resource, int position, String namespace,
            Map<String, Object> attributes, Map<String, String> directives) {
        this.resource = resource;
        this.position = position;
        this.namespace = namespace;
        this.attributes = CapReqText.readOnly(attributes);
        this.directives = CapReqText.readOnly(directives);
    }

    /** A capability whose attributes and directives are read from its resource when needed. */
    StoredCapability(StoredResource resource, int position, String namespace) {
        this.resource = resource;
        this.position = position;
        this.namespace = namespace;
    }

    @Override
    public String getNamespace() {
        return namespace;
    }

    @Override
    public Map<String, String> getDirectives() {
        Map<String, String> known = directives;
        if (known == null) {
            known = loaded().getDirectives();
            directives = known;
        }
        return known;
    }

    @Override
    public Map<String, Object> getAttributes() {
        Map<String, Object> known = attributes;
        if (known == null) {
            known = loaded().getAttributes();
            attributes = known;
        }
        return known;
    }

    @Override
    public Resource getResource() {
        return resource;
    }

    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof StoredCapability capability
                && capability.position == position && capability.resource.equals(resource);
    }

    @Override
    public int hashCode() {
        return resource.hashCode() * 31 + position;
    }

    @Override
    public String toString() {
        return CapReqText.format(namespace, getAttributes(), getDirectives());
    }

    private Capability loaded() {
        List<Capability> all = resource.getCapabilities(null);
        Capability capability = position < all.size() ? all.get(position) : null;
        if (capability == null || !capability.getNamespace().equals(namespace)) {
            throw new IllegalStateException("Cannot read " + resource + ": its package.json no longer matches the index;"
                    + " run verify to correct it.");
        }
        return capability;
    }
}
