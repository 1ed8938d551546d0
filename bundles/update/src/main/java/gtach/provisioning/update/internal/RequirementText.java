package gtach.provisioning.update.internal;

import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A requirement as an operator reads it: {@code package org.example [1.0.0,2.0.0)}. */
final class RequirementText {

    private RequirementText() {
    }

    static String describe(Requirement requirement) {
        return describe(requirement.getNamespace(),
                requirement.getDirectives().getOrDefault(Namespace.REQUIREMENT_FILTER_DIRECTIVE, ""));
    }

    /** A requirement given as its namespace and filter, as the resolver's messages show it. */
    static String describe(String namespace, String filter) {
        String kind = switch (namespace) {
            case PackageNamespace.PACKAGE_NAMESPACE -> "package";
            case BundleNamespace.BUNDLE_NAMESPACE -> "bundle";
            case HostNamespace.HOST_NAMESPACE -> "host bundle";
            default -> null;
        };
        if (kind == null) {
            return "capability " + namespace + " " + filter;
        }
        return kind + " " + nameIn(filter, namespace) + range(filter, namespace);
    }

    /**
     * The range a requirement's filter allows, as an operator writes it ({@code [1.0.0,2.0.0)},
     * {@code 1.2.0 or later}) after a space, or nothing when it allows any version. Bundles and
     * hosts are versioned by {@code bundle-version}, packages by {@code version}.
     */
    static String range(String filter, String namespace) {
        if (!PackageNamespace.PACKAGE_NAMESPACE.equals(namespace)) {
            String range = rangeOf(filter, BundleNamespace.CAPABILITY_BUNDLE_VERSION_ATTRIBUTE);
            if (!range.isEmpty()) {
                return range;
            }
        }
        return rangeOf(filter, PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE);
    }

    /** The package, bundle or host name a requirement's filter asks for. */
    static String nameIn(String filter, String namespace) {
        Matcher m = Pattern.compile("\\(" + Pattern.quote(namespace) + "=([^)]+)\\)").matcher(filter);
        return m.find() ? m.group(1) : filter;
    }

    private static String rangeOf(String filter, String attribute) {
        String a = Pattern.quote(attribute);
        String lower = null;
        String upper = null;
        char open = '[';
        char close = ')';
        Matcher m = Pattern.compile("(?<!!)\\(" + a + ">=([^)]+)\\)").matcher(filter);
        if (m.find()) {
            lower = m.group(1);
        }
        m = Pattern.compile("\\(!\\(" + a + "<=([^)]+)\\)\\)").matcher(filter);
        if (m.find()) {
            lower = m.group(1);
            open = '(';
        }
        m = Pattern.compile("\\(!\\(" + a + ">=([^)]+)\\)\\)").matcher(filter);
        if (m.find()) {
            upper = m.group(1);
        }
        m = Pattern.compile("(?<!!)\\(" + a + "<=([^)]+)\\)").matcher(filter);
        if (m.find()) {
            upper = m.group(1);
            close = ']';
        }
        if (lower == null && upper == null) {
            return "";
        }
        if (upper == null) {
            return " " + lower + " or later";
        }
        return " " + open + (lower == null ? "0.0.0" : lower) + "," + upper + close;
    }
}
