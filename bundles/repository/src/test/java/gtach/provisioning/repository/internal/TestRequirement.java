package gtach.provisioning.repository.internal;

import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;

import java.util.Map;

/** A requirement as a resolver would pass it to findProviders: a namespace and a filter. */
record TestRequirement(String namespace, Map<String, String> directives) implements Requirement {

    static TestRequirement of(String namespace, String filter) {
        return new TestRequirement(namespace, Map.of("filter", filter));
    }

    static TestRequirement unfiltered(String namespace) {
        return new TestRequirement(namespace, Map.of());
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
        return Map.of();
    }

    @Override
    public Resource getResource() {
        return null;
    }
}
