package gtach.provisioning.update.internal;

import org.osgi.framework.Constants;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.ExecutionEnvironmentNamespace;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.IdentityNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A requirement as an operator reads it: {@code package org.example [1.0.0,2.0.0)},
 * {@code extender osgi.component [1.5.0,2.0.0)}, {@code service org.example.Clock}. A filter that
 * is more than a conjunction of simple terms is shown as it is.
 */
final class RequirementText {

    private static final String SERVICE_NAMESPACE = "osgi.service";
    /** What a requirement of a generic namespace asks for, in a word (the namespaces' own names, not their API). */
    private static final Map<String, String> KINDS = Map.of(
            SERVICE_NAMESPACE, "service",
            "osgi.extender", "extender",
            "osgi.contract", "contract",
            "osgi.implementation", "implementation",
            ExecutionEnvironmentNamespace.EXECUTION_ENVIRONMENT_NAMESPACE, "execution environment",
            IdentityNamespace.IDENTITY_NAMESPACE, "bundle");
    /** The version attribute of every generic namespace the OSGi specifications define. */
    private static final String VERSION = IdentityNamespace.CAPABILITY_VERSION_ATTRIBUTE;
    private static final Pattern TERM = Pattern.compile("([^=<>~()!&|]+)(=|<=|>=|~=)(.*)");

    /** One simple term of a filter, {@code (attribute operator value)}, or its negation. */
    private record Term(boolean negated, String attribute, String operator, String value) {

        @Override
        public String toString() {
            return (negated ? "not " : "") + attribute + operator + value;
        }
    }

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
            return generic(namespace, filter);
        }
        return kind + " " + nameIn(filter, namespace) + range(filter, namespace);
    }

    /**
     * A generic requirement: its kind, the name it asks for (the attribute named like the
     * namespace, a service's {@code objectClass}), its version range, and any other attribute it
     * asks for after "with".
     */
    private static String generic(String namespace, String filter) {
        String kind = KINDS.getOrDefault(namespace, "capability " + namespace);
        Optional<List<Term>> terms = terms(filter);
        if (terms.isEmpty()) {
            return kind + " matching " + filter;
        }
        String nameAttribute = SERVICE_NAMESPACE.equals(namespace) ? Constants.OBJECTCLASS : namespace;
        List<String> names = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (Term term : terms.get()) {
            if (term.attribute().equals(VERSION)) {
                continue;
            }
            if (!term.negated() && term.attribute().equals(nameAttribute) && term.operator().equals("=")) {
                names.add(term.value());
            } else {
                others.add(term.toString());
            }
        }
        return kind + (names.isEmpty() ? "" : " " + String.join(" and ", names))
                + rangeOf(filter, VERSION)
                + (others.isEmpty() ? "" : " with " + String.join(", ", others));
    }

    /**
     * The terms of a filter that is one simple term or a conjunction of them, each negated or not;
     * empty for anything else.
     */
    private static Optional<List<Term>> terms(String filter) {
        String text = filter.trim();
        if (text.isEmpty()) {
            return Optional.of(List.of());
        }
        List<String> parts = new ArrayList<>();
        if (text.startsWith("(&")) {
            if (!text.endsWith(")")) {
                return Optional.empty();
            }
            Optional<List<String>> inner = split(text.substring(2, text.length() - 1));
            if (inner.isEmpty()) {
                return Optional.empty();
            }
            parts.addAll(inner.get());
        } else {
            parts.add(text);
        }
        List<Term> terms = new ArrayList<>();
        for (String part : parts) {
            boolean negated = part.startsWith("(!(") && part.endsWith("))");
            String body = negated ? part.substring(2, part.length() - 1) : part;
            if (!body.startsWith("(") || !body.endsWith(")")) {
                return Optional.empty();
            }
            Matcher m = TERM.matcher(body.substring(1, body.length() - 1));
            if (!m.matches() || m.group(3).contains("(") || m.group(3).contains(")")) {
                return Optional.empty();
            }
            terms.add(new Term(negated, m.group(1).trim(), m.group(2), m.group(3)));
        }
        return Optional.of(terms);
    }

    /** The parenthesised terms side by side in a text, each with its parentheses; empty if they do not balance. */
    private static Optional<List<String>> split(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '(') {
                if (depth++ == 0) {
                    start = i;
                }
            } else if (c == ')') {
                if (--depth == 0) {
                    parts.add(text.substring(start, i + 1));
                } else if (depth < 0) {
                    return Optional.empty();
                }
            } else if (depth == 0 && !Character.isWhitespace(c)) {
                return Optional.empty();
            }
        }
        return depth == 0 ? Optional.of(parts) : Optional.empty();
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
        m = Pattern.compile("(?<!!)\\(" + a + "=([^)]+)\\)").matcher(filter);
        if (lower == null && upper == null && m.find()) {
            return " " + m.group(1);
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
