package gtach.provisioning.update.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.namespace.IdentityNamespace;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * What an application bundle says about itself, checked before anything changes: its OSGi
 * Configurator resources must be JSON the Configurator accepts, with values its members' metatype
 * accepts, and must not configure the runtime; and it must not name itself as its own member. The
 * Configurator would otherwise apply half of it, or log the fault after the change committed.
 */
final class ApplicationCheck {

    private static final String RESOURCES = "OSGI-INF/configurator/";
    private static final String DIRECTIVE = ":configurator:";
    private static final Set<String> RESOURCE_DIRECTIVES = Set.of("resource-version", "symbolic-name", "version");
    private static final Set<String> CONFIGURATION_DIRECTIVES = Set.of("ranking", "policy", "bundle-location");
    private static final Set<String> SCALAR_TYPES = Set.of("String", "Integer", "int", "Long", "long", "Float", "float",
            "Double", "double", "Byte", "byte", "Short", "short", "Character", "char", "Boolean", "boolean");
    private static final String RUNTIME_PIDS = "gtach.provisioning.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ApplicationCheck() {
    }

    /**
     * @param changing each bundle the plan installs or updates, with its JAR in the repository
     * @return the first fault, worded to follow "Cannot install x: ", or empty
     */
    static Optional<String> problem(Map<String, Path> changing) {
        Map<String, Map<String, String>> metatypes = new HashMap<>();
        for (Path jar : changing.values()) {
            metatypes.putAll(metatypeTypes(jar));
        }
        for (Map.Entry<String, Path> bundle : changing.entrySet()) {
            Optional<String> fault = problem(bundle.getKey(), bundle.getValue(), metatypes);
            if (fault.isPresent()) {
                return fault;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> problem(String name, Path jar, Map<String, Map<String, String>> metatypes) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Optional<String> self = namesItself(name, file.getManifest());
            if (self.isPresent()) {
                return self;
            }
            for (Iterator<java.util.jar.JarEntry> it = file.entries().asIterator(); it.hasNext(); ) {
                ZipEntry entry = it.next();
                String path = entry.getName();
                if (path.startsWith(RESOURCES) && path.endsWith(".json") && path.indexOf('/', RESOURCES.length()) < 0) {
                    try (InputStream in = file.getInputStream(entry)) {
                        Optional<String> fault = resource(name + " carries " + path, in, metatypes);
                        if (fault.isPresent()) {
                            return fault;
                        }
                    }
                }
            }
        } catch (IOException e) {
            // Staging reads and checks every JAR again, and says what is wrong with one that does not read.
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** An osgi.identity requirement that its own identity satisfies: a member list that includes itself. */
    private static Optional<String> namesItself(String name, Manifest manifest) {
        if (manifest == null) {
            return Optional.empty();
        }
        String header = manifest.getMainAttributes().getValue(Constants.REQUIRE_CAPABILITY);
        String version = manifest.getMainAttributes().getValue(Constants.BUNDLE_VERSION);
        String symbolicName = manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
        if (header == null || symbolicName == null) {
            return Optional.empty();
        }
        symbolicName = symbolicName.split(";")[0].trim();
        for (String clause : clauses(header)) {
            if (!clause.trim().startsWith(IdentityNamespace.IDENTITY_NAMESPACE + ";")) {
                continue;
            }
            String filter = filterOf(clause);
            if (filter == null) {
                continue;
            }
            try {
                Filter f = FrameworkUtil.createFilter(filter);
                Map<String, Object> own = Map.of(IdentityNamespace.IDENTITY_NAMESPACE, symbolicName,
                        IdentityNamespace.CAPABILITY_VERSION_ATTRIBUTE,
                        org.osgi.framework.Version.parseVersion(version == null ? "0" : version.trim()),
                        IdentityNamespace.CAPABILITY_TYPE_ATTRIBUTE, IdentityNamespace.TYPE_BUNDLE);
                if (f.matches(own)) {
                    return Optional.of(name + " names itself among its members (Require-Capability " + clause.trim()
                            + "); an application lists the other bundles it is made of");
                }
            } catch (InvalidSyntaxException | IllegalArgumentException e) {
                // Not a filter: the resolver reports it.
            }
        }
        return Optional.empty();
    }

    private static Optional<String> resource(String where, InputStream in, Map<String, Map<String, String>> metatypes)
            throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JsonParseException e) {
            return Optional.of(where + ", which is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            return Optional.of(where + ", which is not a JSON object of configurations");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            if (key.startsWith(DIRECTIVE)) {
                if (!RESOURCE_DIRECTIVES.contains(key.substring(DIRECTIVE.length()))) {
                    return Optional.of(where + ", whose key " + key + " the OSGi Configurator does not know (it knows "
                            + DIRECTIVE + String.join(", " + DIRECTIVE, new java.util.TreeSet<>(RESOURCE_DIRECTIVES)) + ")");
                }
                continue;
            }
            if (!field.getValue().isObject()) {
                return Optional.of(where + ", whose configuration " + key + " is not a JSON object of properties");
            }
            String pid = key;
            if (pid.startsWith(RUNTIME_PIDS)) {
                return Optional.of(where + ", which configures " + pid + ", a setting of the runtime itself; an"
                        + " application configures its own bundles, the operator the runtime (gtach:config)");
            }
            Optional<String> fault = configuration(where, pid, field.getValue(),
                    metatypes.getOrDefault(pid.contains("~") ? pid.substring(0, pid.indexOf('~')) : pid, Map.of()));
            if (fault.isPresent()) {
                return fault;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> configuration(String where, String pid, JsonNode properties, Map<String, String> metatype) {
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            String key = property.getKey();
            if (key.startsWith(DIRECTIVE)) {
                if (!CONFIGURATION_DIRECTIVES.contains(key.substring(DIRECTIVE.length()))) {
                    return Optional.of(where + ", whose configuration " + pid + " has the key " + key
                            + ", which the OSGi Configurator does not know (it knows " + DIRECTIVE
                            + String.join(", " + DIRECTIVE, new java.util.TreeSet<>(CONFIGURATION_DIRECTIVES)) + ")");
                }
                continue;
            }
            int colon = key.indexOf(':');
            String name = colon < 0 ? key : key.substring(0, colon);
            String declared = colon < 0 ? null : key.substring(colon + 1);
            if (declared != null && !knownType(declared)) {
                return Optional.of(where + ", whose property " + pid + " " + key + " names the type " + declared
                        + ", which the OSGi Configurator does not know");
            }
            String expected = metatype.get(name);
            JsonNode value = property.getValue();
            if (expected != null && !fits(value, expected)) {
                return Optional.of(where + ", whose property " + pid + " " + name + " is " + value
                        + ", not a value of the type " + expected + " its metatype gives it");
            }
            if (declared != null && SCALAR_TYPES.contains(declared) && !fits(value, declared)) {
                return Optional.of(where + ", whose property " + pid + " " + key + " is " + value
                        + ", not a " + declared);
            }
        }
        return Optional.empty();
    }

    private static boolean knownType(String type) {
        String element = type.endsWith("[]") ? type.substring(0, type.length() - 2)
                : type.startsWith("Collection<") && type.endsWith(">") ? type.substring(11, type.length() - 1)
                : type.equals("Collection") ? "String" : type;
        return SCALAR_TYPES.contains(element);
    }

    /** Whether the JSON value converts to the type, element by element for an array. */
    private static boolean fits(JsonNode value, String type) {
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (!fits(item, type)) {
                    return false;
                }
            }
            return true;
        }
        String text = value.asText();
        try {
            switch (type) {
                case "Integer", "int" -> Integer.parseInt(value.isNumber() ? value.numberValue().toString() : text);
                case "Long", "long" -> Long.parseLong(value.isNumber() ? value.numberValue().toString() : text);
                case "Short", "short" -> Short.parseShort(value.isNumber() ? value.numberValue().toString() : text);
                case "Byte", "byte" -> Byte.parseByte(value.isNumber() ? value.numberValue().toString() : text);
                case "Float", "float", "Double", "double" -> Double.parseDouble(text);
                case "Boolean", "boolean" -> {
                    if (!value.isBoolean() && !text.equals("true") && !text.equals("false")) {
                        return false;
                    }
                }
                case "Character", "char" -> {
                    if (text.length() != 1) {
                        return false;
                    }
                }
                default -> {
                    return value.isValueNode();
                }
            }
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The attribute types of each PID (or factory PID) a bundle's metatype describes. */
    private static Map<String, Map<String, String>> metatypeTypes(Path jar) {
        Map<String, Map<String, String>> types = new HashMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Iterator<java.util.jar.JarEntry> it = file.entries().asIterator(); it.hasNext(); ) {
                ZipEntry entry = it.next();
                if (entry.getName().startsWith("OSGI-INF/metatype/") && entry.getName().endsWith(".xml")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        readMetatype(in, types);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // A metatype that does not read checks nothing; the bundle's own start will say more.
        }
        return types;
    }

    private static void readMetatype(InputStream in, Map<String, Map<String, String>> types) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(in);
            Map<String, Map<String, String>> byOcd = new HashMap<>();
            NodeList ocds = document.getElementsByTagName("OCD");
            for (int i = 0; i < ocds.getLength(); i++) {
                Element ocd = (Element) ocds.item(i);
                Map<String, String> attributes = new HashMap<>();
                NodeList ads = ocd.getElementsByTagName("AD");
                for (int j = 0; j < ads.getLength(); j++) {
                    Element ad = (Element) ads.item(j);
                    attributes.put(ad.getAttribute("id"), ad.getAttribute("type").isEmpty() ? "String" : ad.getAttribute("type"));
                }
                byOcd.put(ocd.getAttribute("id"), attributes);
            }
            NodeList designates = document.getElementsByTagName("Designate");
            for (int i = 0; i < designates.getLength(); i++) {
                Element designate = (Element) designates.item(i);
                String pid = designate.getAttribute("pid").isEmpty() ? designate.getAttribute("factoryPid")
                        : designate.getAttribute("pid");
                NodeList objects = designate.getElementsByTagName("Object");
                if (!pid.isEmpty() && objects.getLength() > 0) {
                    Map<String, String> attributes = byOcd.get(((Element) objects.item(0)).getAttribute("ocdref"));
                    if (attributes != null) {
                        types.put(pid, attributes);
                    }
                }
            }
        } catch (Exception e) {
            // As above: an unreadable metatype checks nothing.
        }
    }

    /** A manifest header's clauses: split at the commas outside quotes. */
    private static List<String> clauses(String header) {
        List<String> clauses = new ArrayList<>();
        StringBuilder clause = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                clauses.add(clause.toString());
                clause.setLength(0);
            } else {
                clause.append(c);
            }
        }
        clauses.add(clause.toString());
        return clauses;
    }

    /** The {@code filter:=} directive of a clause, unquoted. */
    private static String filterOf(String clause) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("filter:=\\s*\"([^\"]*)\"").matcher(clause);
        return m.find() ? m.group(1) : null;
    }

    /** The bundles of a plan whose new JARs must be checked, named "name version". */
    static Map<String, Path> changing(Collection<TargetBundle> staged, java.util.function.Function<TargetBundle, Path> jar) {
        Map<String, Path> changing = new java.util.TreeMap<>();
        for (TargetBundle t : staged) {
            changing.put(t.symbolicName() + " " + Versions.display(t.id().version()), jar.apply(t));
        }
        return changing;
    }
}
