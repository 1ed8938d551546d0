package gtach.provisioning.repository.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an LDAP filter says about attributes without evaluating it: which attributes it mentions
 * and, for one attribute, the exact values a match must have, when the filter pins them down, as
 * {@code (&(osgi.wiring.package=a.b)(version>=1.0))} pins {@code osgi.wiring.package} to
 * {@code a.b}. This lets a lookup go straight to the candidates with that name.
 * <p>
 * The reading is conservative: whatever it does not understand gives "no constraint" and "unknown
 * attributes", so the caller falls back to evaluating the real filter on every candidate.
 */
final class FilterShape {

    private static final FilterShape UNKNOWN = new FilterShape(null, null);

    private final Node root;
    /** Every attribute mentioned; {@code null} when the filter could not be read. */
    private final Set<String> attributes;

    private FilterShape(Node root, Set<String> attributes) {
        this.root = root;
        this.attributes = attributes;
    }

    /** The shape of a filter; never fails, an unreadable filter has an unknown shape. */
    static FilterShape of(String filter) {
        try {
            Parser parser = new Parser(filter);
            Node root = parser.filter();
            parser.skipSpaces();
            if (!parser.atEnd()) {
                return UNKNOWN;
            }
            Set<String> attributes = new HashSet<>();
            root.collectAttributes(attributes);
            return new FilterShape(root, attributes);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return UNKNOWN;
        }
    }

    /** The attributes the filter mentions, if it could be read. */
    Optional<Set<String>> attributes() {
        return Optional.ofNullable(attributes);
    }

    /**
     * The values {@code attribute} must equal for the filter to match, if the filter pins them down.
     *
     * @return the possible values in filter order, or empty when any value could match
     */
    Optional<Set<String>> requiredValues(String attribute) {
        return root == null ? Optional.empty() : Optional.ofNullable(root.requiredValues(attribute));
    }

    private interface Node {
        /** {@code null} when unconstrained. */
        Set<String> requiredValues(String attribute);

        void collectAttributes(Set<String> into);
    }

    private record And(List<Node> children) implements Node {
        @Override
        public Set<String> requiredValues(String attribute) {
            Set<String> values = null;
            for (Node child : children) {
                Set<String> childValues = child.requiredValues(attribute);
                if (childValues != null) {
                    if (values == null) {
                        values = new LinkedHashSet<>(childValues);
                    } else {
                        values.retainAll(childValues);
                    }
                }
            }
            return values;
        }

        @Override
        public void collectAttributes(Set<String> into) {
            children.forEach(child -> child.collectAttributes(into));
        }
    }

    private record Or(List<Node> children) implements Node {
        @Override
        public Set<String> requiredValues(String attribute) {
            Set<String> values = new LinkedHashSet<>();
            for (Node child : children) {
                Set<String> childValues = child.requiredValues(attribute);
                if (childValues == null) {
                    return null;
                }
                values.addAll(childValues);
            }
            return values;
        }

        @Override
        public void collectAttributes(Set<String> into) {
            children.forEach(child -> child.collectAttributes(into));
        }
    }

    private record Not(Node child) implements Node {
        @Override
        public Set<String> requiredValues(String attribute) {
            return null;
        }

        @Override
        public void collectAttributes(Set<String> into) {
            child.collectAttributes(into);
        }
    }

    /** A comparison; {@code exact} when it is {@code =} with no wildcard and no surrounding spaces. */
    private record Item(String attribute, String value, boolean exact) implements Node {
        @Override
        public Set<String> requiredValues(String name) {
            return exact && attribute.equals(name) ? Set.of(value) : null;
        }

        @Override
        public void collectAttributes(Set<String> into) {
            into.add(attribute);
        }
    }

    /** A recursive-descent reader of RFC 1960 filters as OSGi writes them. */
    private static final class Parser {

        private final String text;
        private int position;

        Parser(String text) {
            this.text = text;
        }

        Node filter() {
            skipSpaces();
            expect('(');
            skipSpaces();
            char c = text.charAt(position);
            Node node;
            if (c == '&' || c == '|') {
                position++;
                List<Node> children = new ArrayList<>();
                skipSpaces();
                while (text.charAt(position) == '(') {
                    children.add(filter());
                    skipSpaces();
                }
                if (children.isEmpty()) {
                    throw new IllegalArgumentException("empty " + c);
                }
                node = c == '&' ? new And(children) : new Or(children);
            } else if (c == '!') {
                position++;
                node = new Not(filter());
                skipSpaces();
            } else {
                node = item();
            }
            expect(')');
            return node;
        }

        private Node item() {
            int start = position;
            while ("=<>~()".indexOf(text.charAt(position)) < 0) {
                position++;
            }
            String attribute = text.substring(start, position).trim();
            if (attribute.isEmpty()) {
                throw new IllegalArgumentException("no attribute");
            }
            char operator = text.charAt(position);
            if (operator == '<' || operator == '>' || operator == '~') {
                position++;
                expect('=');
            } else if (operator == '=') {
                position++;
            } else {
                throw new IllegalArgumentException("no operator");
            }
            StringBuilder value = new StringBuilder();
            boolean wildcard = false;
            while (text.charAt(position) != ')') {
                char c = text.charAt(position++);
                if (c == '\\') {
                    value.append(text.charAt(position++));
                } else {
                    wildcard |= c == '*';
                    value.append(c);
                }
            }
            String literal = value.toString();
            boolean exact = operator == '=' && !wildcard && literal.equals(literal.strip()) && !literal.isEmpty();
            return new Item(attribute, literal, exact);
        }

        void skipSpaces() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        boolean atEnd() {
            return position == text.length();
        }

        private void expect(char c) {
            if (text.charAt(position) != c) {
                throw new IllegalArgumentException("expected " + c);
            }
            position++;
        }
    }
}
