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

    private static final Pattern LOWER_INCLUSIVE = Pattern.compile("\\(version>=([^)]+)\\)");
    private static final Pattern UPPER_EXCLUSIVE = Pattern.compile("\\(!\\(version>=([^)]+)\\)\\)");
    private static final Pattern LOWER_EXCLUSIVE = Pattern.compile("\\(!\\(version<=([^)]+)\\)\\)");
    private static final Pattern UPPER_INCLUSIVE = Pattern.compile("(?<!!)\\(version<=([^)]+)\\)");

    private RequirementText() {
    }

    static String describe(Requirement requirement) {
        String filter = requirement.getDirectives().getOrDefault(Namespace.REQUIREMENT_FILTER_DIRECTIVE, "");
        String namespace = requirement.getNamespace();
        String kind = switch (namespace) {
            case PackageNamespace.PACKAGE_NAMESPACE -> "package";
            case BundleNamespace.BUNDLE_NAMESPACE -> "bundle";
            case HostNamespace.HOST_NAMESPACE -> "host bundle";
            default -> null;
        };
        if (kind == null) {
            return "capability " + namespace + " " + filter;
        }
        String name = nameIn(filter, namespace);
        return kind + " " + name + range(filter);
    }

    /** The package, bundle or host name a requirement's filter asks for. */
    static String nameIn(String filter, String namespace) {
        Matcher m = Pattern.compile("\\(" + Pattern.quote(namespace) + "=([^)]+)\\)").matcher(filter);
        return m.find() ? m.group(1) : filter;
    }

    private static String range(String filter) {
        String lower = null;
        String upper = null;
        char open = '[';
        char close = ')';
        Matcher m = LOWER_INCLUSIVE.matcher(filter);
        if (m.find()) {
            lower = m.group(1);
        }
        m = LOWER_EXCLUSIVE.matcher(filter);
        if (m.find()) {
            lower = m.group(1);
            open = '(';
        }
        m = UPPER_EXCLUSIVE.matcher(filter);
        if (m.find()) {
            upper = m.group(1);
        }
        m = UPPER_INCLUSIVE.matcher(filter);
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
