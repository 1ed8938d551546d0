package gtach.provisioning.version.internal;

import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.resource.Capability;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;

import java.util.List;
import java.util.stream.Collectors;

/** Whether one requirement of a consumer would still be met by a candidate's capabilities, and what the candidate offers. */
final class WireCheck {

    private final Requirement requirement;
    private final CandidateBundle candidate;
    private final List<Capability> offered;

    WireCheck(Requirement requirement, CandidateBundle candidate) {
        this.requirement = requirement;
        this.candidate = candidate;
        this.offered = candidate.capabilities(requirement.getNamespace());
    }

    boolean satisfied() {
        String filterText = requirement.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
        if (filterText == null) {
            return !offered.isEmpty();
        }
        Filter filter;
        try {
            filter = FrameworkUtil.createFilter(filterText);
        } catch (InvalidSyntaxException e) {
            // The framework resolved this wire with the filter, so it parses; be safe anyway.
            return false;
        }
        return offered.stream().anyMatch(capability -> filter.matches(capability.getAttributes()));
    }

    /** What the candidate has in the requirement's namespace, as a sentence fragment. */
    String offered() {
        String namespace = requirement.getNamespace();
        String wanted = RequirementText.nameIn(requirement);
        if (PackageNamespace.PACKAGE_NAMESPACE.equals(namespace)) {
            String versions = offered.stream()
                    .filter(c -> wanted == null || wanted.equals(c.getAttributes().get(namespace)))
                    .map(c -> String.valueOf(c.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE)))
                    .collect(Collectors.joining(", "));
            return versions.isEmpty()
                    ? candidate.symbolicName() + " " + candidate.version() + " does not export " + wanted
                    : candidate.symbolicName() + " " + candidate.version() + " exports " + wanted + " " + versions;
        }
        if (BundleNamespace.BUNDLE_NAMESPACE.equals(namespace) || HostNamespace.HOST_NAMESPACE.equals(namespace)) {
            return offered.isEmpty()
                    ? candidate.symbolicName() + " " + candidate.version() + " cannot be " + (BundleNamespace.BUNDLE_NAMESPACE.equals(namespace) ? "required" : "a fragment host")
                    : "the candidate is " + candidate.symbolicName() + " " + candidate.version();
        }
        return candidate.symbolicName() + " " + candidate.version() + " provides no matching " + namespace + " capability";
    }
}
