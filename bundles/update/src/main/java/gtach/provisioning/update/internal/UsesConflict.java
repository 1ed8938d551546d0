package gtach.provisioning.update.internal;

import org.osgi.framework.namespace.PackageNamespace;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A uses-constraint violation told as its two chains: which bundle imports the package from which
 * exporter, and through which other import it also sees the package from another.
 * <p>
 * The Felix resolver hands out no more structure than the first requirement of one chain
 * ({@code getUnresolvedRequirements()}); the chains are in its message, whose shape is fixed by its
 * {@code UseConstraintError}: a header line, then each chain as indented lines, a resource
 * ({@code "  name [resource]"}), the requirement it has ({@code "    import: (filter)"} or
 * {@code "    require: (filter)"}), a bar, the capability that satisfies it ({@code "    export: ..."},
 * with {@code "; uses:=q"} when that package shows types of the next one), the next resource, and so on
 * to the exporter. Anything else is not read as a conflict.
 */
final class UsesConflict {

    private static final Pattern TWO_CHAINS = Pattern.compile("Uses constraint violation\\. Unable to resolve resource (\\S+) "
            + "\\[.*\\] because it is exposed to package '([^']+)' from resources (\\S+) \\[.*\\] and (\\S+) \\[.*\\] "
            + "via two dependency chains\\.");
    private static final Pattern OWN_EXPORT = Pattern.compile("Uses constraint violation\\. Unable to resolve resource (\\S+) "
            + "\\[.*\\] because it exports package '([^']+)' and is also exposed to it from resource (\\S+) \\[.*\\] "
            + "via the following dependency chain:");
    private static final Pattern RESOURCE = Pattern.compile("^  (\\S+) \\[(.*)\\]$");
    private static final Pattern REQUIREMENT = Pattern.compile("^    (import|require): (.*)$");
    private static final Pattern CAPABILITY = Pattern.compile("^    (?:export|provide): (.*)$");
    private static final Pattern EXPORTED = Pattern.compile(Pattern.quote(PackageNamespace.PACKAGE_NAMESPACE)
            + "(?:=|: )([^;\\s]+)(?:; uses:=(\\S+))?");
    private static final Pattern FIRST_ATTRIBUTE = Pattern.compile("\\(([^=()!&|<>~]+)[<>~]?=");

    /** A resource as the message names it: its symbolic name and its own text between brackets. */
    record Node(String symbolicName, String text) {
    }

    /**
     * One step of a chain: the requirer's requirement (a filter), the provider that satisfies it, and
     * the package the provider exports for it with the package that one uses, if the message says so.
     */
    private record Hop(Node requirer, boolean imports, String filter, Node provider, Optional<String> exported,
            Optional<String> uses) {
    }

    private UsesConflict() {
    }

    /**
     * The conflict in words, or empty when the message is not a uses-constraint violation.
     *
     * @param message the resolver's message, with its line breaks
     * @param name how a resource of the message is named to an operator ("name version")
     */
    static Optional<String> explain(String message, Function<Node, String> name) {
        if (message == null) {
            return Optional.empty();
        }
        String[] parts = message.split("\n", 2);
        String header = parts[0].trim();
        String body = parts.length > 1 ? parts[1] : "";
        Matcher two = TWO_CHAINS.matcher(header);
        if (two.matches()) {
            String pkg = two.group(2);
            int second = body.indexOf("\nChain 2:\n");
            int first = body.indexOf("Chain 1:\n");
            Optional<List<Hop>> chain1 = first < 0 || second < first ? Optional.empty()
                    : hops(body.substring(first + "Chain 1:\n".length(), second));
            Optional<List<Hop>> chain2 = second < 0 ? Optional.empty() : hops(body.substring(second + "\nChain 2:\n".length()));
            if (chain1.isEmpty() || chain2.isEmpty()) {
                return Optional.of(two.group(1) + " would see package " + pkg + " from two exporters at once, "
                        + two.group(3) + " and " + two.group(4));
            }
            Node root = chain1.get().get(0).requirer();
            return Optional.of(name.apply(root) + " would see package " + pkg + " from two exporters at once, "
                    + name.apply(exporter(chain1.get())) + " and " + name.apply(exporter(chain2.get())) + ": "
                    + words(chain1.get(), name) + "; and " + words(chain2.get(), name));
        }
        Matcher own = OWN_EXPORT.matcher(header);
        if (own.matches()) {
            String pkg = own.group(2);
            Optional<List<Hop>> chain = hops(body);
            if (chain.isEmpty()) {
                return Optional.of(own.group(1) + " exports package " + pkg + " and would also see it from " + own.group(3));
            }
            return Optional.of(name.apply(chain.get().get(0).requirer()) + " exports package " + pkg
                    + " and would also see it from " + name.apply(exporter(chain.get())) + ": " + words(chain.get(), name));
        }
        return Optional.empty();
    }

    private static Node exporter(List<Hop> chain) {
        return chain.get(chain.size() - 1).provider();
    }

    /** "it imports package q [1.0.0,2.0.0) from B 1.0.0, whose package q uses p, and B 1.0.0 imports package p … from C 1.0.0" */
    private static String words(List<Hop> chain, Function<Node, String> name) {
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            Hop hop = chain.get(i);
            String namespace = hop.imports() ? PackageNamespace.PACKAGE_NAMESPACE : namespaceOf(hop.filter());
            String step = (i == 0 ? "it" : name.apply(hop.requirer())) + (hop.imports() ? " imports " : " requires ")
                    + RequirementText.describe(namespace, hop.filter()) + " from " + name.apply(hop.provider());
            if (hop.exported().isPresent() && hop.uses().isPresent()) {
                step += ", whose package " + hop.exported().get() + " uses " + hop.uses().get();
            }
            steps.add(step);
        }
        return String.join(", and ", steps);
    }

    /** A chain's hops, or empty when its lines are not in the resolver's shape. */
    private static Optional<List<Hop>> hops(String text) {
        List<Hop> hops = new ArrayList<>();
        Node current = null;
        Hop open = null;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.trim().equals("|")) {
                continue;
            }
            Matcher m = RESOURCE.matcher(line);
            if (m.matches()) {
                current = new Node(m.group(1), m.group(2));
                if (open != null) {
                    hops.add(new Hop(open.requirer(), open.imports(), open.filter(), current, open.exported(), open.uses()));
                    open = null;
                }
                continue;
            }
            m = REQUIREMENT.matcher(line);
            if (m.matches()) {
                if (current == null || open != null) {
                    return Optional.empty();
                }
                open = new Hop(current, m.group(1).equals("import"), m.group(2).trim(), null, Optional.empty(), Optional.empty());
                continue;
            }
            m = CAPABILITY.matcher(line);
            if (m.matches()) {
                Matcher exported = EXPORTED.matcher(m.group(1));
                // The first capability line is the one that satisfies the requirement; a second names the used package.
                if (open != null && open.exported().isEmpty() && exported.lookingAt()) {
                    open = new Hop(open.requirer(), open.imports(), open.filter(), null, Optional.of(exported.group(1)),
                            Optional.ofNullable(exported.group(2)));
                }
                continue;
            }
            return Optional.empty();
        }
        return hops.isEmpty() || open != null ? Optional.empty() : Optional.of(hops);
    }

    /** The namespace a required filter names first, as in {@code (&(osgi.wiring.bundle=b)(bundle-version>=1.0.0))}. */
    private static String namespaceOf(String filter) {
        Matcher m = FIRST_ATTRIBUTE.matcher(filter);
        return m.find() ? m.group(1) : "requirement";
    }
}
