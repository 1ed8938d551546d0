package gtach.provisioning.version.internal;

import aQute.bnd.header.Attrs;
import aQute.bnd.header.OSGiHeader;
import aQute.bnd.header.Parameters;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A requirement as its bundle's manifest states it ({@code Import-Package: a.b;version="[1,2)"}),
 * which an operator recognizes, rather than the LDAP filter the framework derived from it.
 */
final class RequirementText {

    private RequirementText() {
    }

    static String of(Bundle consumer, Requirement requirement) {
        String namespace = requirement.getNamespace();
        String header = headerOf(namespace, requirement);
        String name = nameIn(requirement);
        if (header != null && name != null) {
            String clause = clauseOf(consumer.getHeaders("").get(header), name);
            if (clause != null) {
                return header + ": " + clause;
            }
        }
        String filter = requirement.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
        return "Require-Capability: " + namespace + (filter == null ? "" : ";filter:=\"" + filter + "\"");
    }

    /** The name the requirement's filter asks for in its own namespace, such as the package name. */
    static String nameIn(Requirement requirement) {
        String filter = requirement.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
        if (filter == null) {
            return null;
        }
        Matcher matcher = Pattern.compile("\\(" + Pattern.quote(requirement.getNamespace()) + "=([^)]*)\\)").matcher(filter);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static String headerOf(String namespace, Requirement requirement) {
        if (PackageNamespace.PACKAGE_NAMESPACE.equals(namespace)) {
            String resolution = requirement.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE);
            return PackageNamespace.RESOLUTION_DYNAMIC.equals(resolution)
                    ? Constants.DYNAMICIMPORT_PACKAGE : Constants.IMPORT_PACKAGE;
        }
        if (BundleNamespace.BUNDLE_NAMESPACE.equals(namespace)) {
            return Constants.REQUIRE_BUNDLE;
        }
        if (HostNamespace.HOST_NAMESPACE.equals(namespace)) {
            return Constants.FRAGMENT_HOST;
        }
        return null;
    }

    private static String clauseOf(String headerValue, String name) {
        if (headerValue == null) {
            return null;
        }
        Parameters clauses = OSGiHeader.parseHeader(headerValue);
        for (Map.Entry<String, Attrs> clause : clauses.entrySet()) {
            // Parameters marks repeated keys with trailing '~'.
            String key = clause.getKey().replaceAll("~+$", "");
            if (key.equals(name)) {
                Attrs attrs = clause.getValue();
                return attrs.isEmpty() ? key : key + ";" + attrs;
            }
        }
        return null;
    }
}
