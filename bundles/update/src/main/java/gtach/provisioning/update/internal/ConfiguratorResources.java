package gtach.provisioning.update.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.osgi.framework.Bundle;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the OSGi Configurator resources ({@code OSGI-INF/configurator/*.json}) of changed bundles
 * ask Config Admin to hold. The Configurator applies them on a thread of its own some time after the
 * bundle started, so a change is verified only once they are there: until then the application has
 * not yet met its new configuration. Values are compared as text, the way the resource writes them.
 */
final class ConfiguratorResources {

    private static final String RESOURCES = "OSGI-INF/configurator";
    private static final String DIRECTIVE = ":configurator:";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One configuration a resource asks for: its PID, and each property's value as text. */
    record Wanted(String pid, Map<String, Object> values, String from) {
    }

    private ConfiguratorResources() {
    }

    /** The configurations the bundles' resources ask for; a resource that does not read asks for nothing. */
    static List<Wanted> of(Collection<Bundle> bundles) {
        List<Wanted> wanted = new ArrayList<>();
        for (Bundle bundle : bundles) {
            Enumeration<URL> resources = bundle.getState() == Bundle.UNINSTALLED ? null
                    : bundle.findEntries(RESOURCES, "*.json", false);
            while (resources != null && resources.hasMoreElements()) {
                try (InputStream in = resources.nextElement().openStream()) {
                    JsonNode root = JSON.readTree(in);
                    for (Iterator<Map.Entry<String, JsonNode>> it = root == null ? java.util.Collections.emptyIterator()
                            : root.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> pid = it.next();
                        if (!pid.getKey().startsWith(DIRECTIVE) && pid.getValue().isObject()) {
                            wanted.add(new Wanted(pid.getKey(), values(pid.getValue()), Lifecycle.name(bundle)));
                        }
                    }
                } catch (IOException e) {
                    // Not valid JSON: the Configurator refuses it too, and applies nothing from it.
                }
            }
        }
        return wanted;
    }

    /** The first configuration a resource asks for that Config Admin does not hold yet, in a sentence. */
    static Optional<String> notYetApplied(ConfigurationAdmin admin, List<Wanted> wanted) {
        if (admin == null) {
            return Optional.empty();
        }
        for (Wanted w : wanted) {
            Dictionary<String, Object> held = held(admin, w.pid());
            if (held == null || !w.values().entrySet().stream()
                    .allMatch(v -> Objects.equals(v.getValue(), text(held.get(v.getKey()))))) {
                return Optional.of("the OSGi Configurator has not applied the configuration " + w.pid() + " that "
                        + w.from() + " delivers (it keeps a value something else wrote unless the resource says"
                        + " \":configurator:policy\": \"force\", and logs what it cannot apply: gtach:log -n 5 configurator)");
            }
        }
        return Optional.empty();
    }

    private static Dictionary<String, Object> held(ConfigurationAdmin admin, String pid) {
        try {
            Configuration[] found = admin.listConfigurations("(" + org.osgi.framework.Constants.SERVICE_PID + "="
                    + pid.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("*", "\\*") + ")");
            return found == null || found.length == 0 ? null : found[0].getProperties();
        } catch (IOException | InvalidSyntaxException | IllegalStateException e) {
            return null;
        }
    }

    /** A property name without its {@code :Type}, mapped to its value as text (a list of texts for an array). */
    private static Map<String, Object> values(JsonNode configuration) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = configuration.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            String name = property.getKey();
            if (name.startsWith(DIRECTIVE)) {
                continue;
            }
            int colon = name.indexOf(':');
            JsonNode value = property.getValue();
            if (value.isArray()) {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.asText()));
                values.put(colon > 0 ? name.substring(0, colon) : name, items);
            } else if (value.isValueNode()) {
                values.put(colon > 0 ? name.substring(0, colon) : name, value.asText());
            }
        }
        return values;
    }

    private static Object text(Object value) {
        if (value == null) {
            return null;
        }
        if (value.getClass().isArray()) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(String.valueOf(Array.get(value, i)));
            }
            return items;
        }
        if (value instanceof Collection<?> collection) {
            List<String> items = new ArrayList<>();
            collection.forEach(item -> items.add(String.valueOf(item)));
            return items;
        }
        return String.valueOf(value);
    }
}
