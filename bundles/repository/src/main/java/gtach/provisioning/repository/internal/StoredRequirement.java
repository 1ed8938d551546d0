package gtach.provisioning.repository.internal;

import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;

import java.util.Map;

/**
 * One requirement of a {@link StoredResource}. Equal to the requirement at the same position of
 * an equal resource.
 */
final class StoredRequirement implements Requirement {

    private final StoredResource resource;
    private final int position;
    private final String namespace;
    private final Map<String, Object> attributes;
    private final Map<String, String> directives;

    StoredRequirement(StoredResource resource, int position, String namespace,
            Map<String, Object> attributes, Map<String, String> directives) {
        this.resource = resource;
        this.position = position;
        this.namespace = namespace;
        this.attributes = CapReqText.readOnly(attributes);
        this.directives = CapReqText.readOnly(directives);
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
    public boolean equals(Object other) {
        return other == this || other instanceof StoredRequirement requirement
                && requirement.position == position && requirement.resource.equals(resource);
    }

    @Override
    public int hashCode() {
        return resource.hashCode() * 31 + position;
    }

    @Override
    public String toString() {
        return CapReqText.format(namespace, attributes, directives);
    }
}
