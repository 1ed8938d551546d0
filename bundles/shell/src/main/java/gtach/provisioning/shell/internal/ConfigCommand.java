package gtach.provisioning.shell.internal;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static gtach.provisioning.shell.internal.HelpText.EXAMPLES;
import static gtach.provisioning.shell.internal.HelpText.OR;

/**
 * {@code gtach:config}: the settings of GTach's own bundles, as their metatype describes them,
 * read and changed through Config Admin, which keeps them across restarts.
 */
@Component(service = ConfigCommand.class, property = {
        "osgi.command.scope=gtach",
        "osgi.command.function=config" })
public final class ConfigCommand {

    private static final String NL = System.lineSeparator();
    private static final String OWN_BUNDLES = "gtach.provisioning.";

    private final BundleContext context;
    private final ConfigurationAdmin configurations;
    private final MetaTypeService metatypes;

    @Activate
    public ConfigCommand(BundleContext context, @Reference ConfigurationAdmin configurations,
            @Reference MetaTypeService metatypes) {
        this.context = context;
        this.configurations = configurations;
        this.metatypes = metatypes;
    }

    @Descriptor("show or change the settings of GTach's bundles; changes are kept across restarts"
            + EXAMPLES + "gtach:config gtach.provisioning.update" + OR + "gtach:config gtach.provisioning.update verifyTimeoutSeconds=60")
    public String config(@Descriptor("nothing to list every setting; a PID to show its settings;"
            + " a PID then key=value pairs to change them (key= puts a setting back to its default)") String... arguments)
            throws IOException {
        Map<String, ObjectClassDefinition> definitions = definitions();
        if (arguments.length == 0) {
            Table table = new Table("PID", "KEY", "VALUE", "DEFAULT");
            for (Map.Entry<String, ObjectClassDefinition> pid : definitions.entrySet()) {
                Dictionary<String, Object> current = current(pid.getKey());
                for (AttributeDefinition setting : settings(pid.getValue())) {
                    table.row(pid.getKey(), setting.getID(), value(current, setting), defaultOf(setting));
                }
            }
            return table.toString();
        }
        String pid = arguments[0];
        ObjectClassDefinition definition = definitions.get(pid);
        if (definition == null) {
            throw new IllegalArgumentException("There are no GTach settings under " + pid + "; they are under "
                    + String.join(", ", definitions.keySet()) + ".");
        }
        if (arguments.length == 1) {
            Dictionary<String, Object> current = current(pid);
            Table table = new Table("KEY", "VALUE", "DEFAULT", "MEANING");
            for (AttributeDefinition setting : settings(definition)) {
                table.row(setting.getID(), value(current, setting), defaultOf(setting), setting.getDescription());
            }
            return table.toString();
        }
        return change(pid, definition, List.of(arguments).subList(1, arguments.length));
    }

    /** Every change is checked before any is made, so a typo changes nothing. */
    private String change(String pid, ObjectClassDefinition definition, List<String> assignments) throws IOException {
        Map<String, AttributeDefinition> byKey = settings(definition).stream()
                .collect(Collectors.toMap(AttributeDefinition::getID, a -> a, (a, b) -> a, LinkedHashMap::new));
        Map<String, Object> changes = new LinkedHashMap<>();
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("\"" + assignment + "\" is not key=value; nothing was changed.");
            }
            String key = assignment.substring(0, equals);
            String text = assignment.substring(equals + 1);
            AttributeDefinition setting = byKey.get(key);
            if (setting == null) {
                throw new IllegalArgumentException(pid + " has no setting " + key + "; it has "
                        + String.join(", ", byKey.keySet()) + "; nothing was changed.");
            }
            changes.put(key, text.isEmpty() ? null : typed(pid, setting, text));
        }
        Configuration configuration = configurations.getConfiguration(pid, "?");
        Dictionary<String, Object> properties = configuration.getProperties() == null
                ? new Hashtable<>() : configuration.getProperties();
        changes.forEach((key, value) -> {
            if (value == null) {
                properties.remove(key);
            } else {
                properties.put(key, value);
            }
        });
        configuration.update(properties);
        return changes.entrySet().stream()
                .map(e -> pid + " " + e.getKey() + " = " + (e.getValue() == null
                        ? defaultOf(byKey.get(e.getKey())) + " (the default)" : e.getValue()))
                .collect(Collectors.joining(NL)) + NL;
    }

    /** The type first, for a message that says what is expected; then what the metatype checks, then GTach's own rules. */
    private static Object typed(String pid, AttributeDefinition setting, String text) {
        Object value;
        try {
            value = switch (setting.getType()) {
                case AttributeDefinition.INTEGER -> Integer.valueOf(text);
                case AttributeDefinition.LONG -> Long.valueOf(text);
                case AttributeDefinition.BOOLEAN -> booleanOf(text);
                default -> text;
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(pid + " " + setting.getID() + " must be a whole number, not \"" + text
                    + "\"; nothing was changed.");
        }
        String problem = setting.validate(text);
        if (problem == null || problem.isEmpty()) {
            problem = SettingRules.problem(setting, value).orElse(null);
        }
        if (problem != null) {
            throw new IllegalArgumentException(pid + " " + setting.getID() + " cannot be \"" + text + "\" (" + problem
                    + "); nothing was changed.");
        }
        return value;
    }

    private static Boolean booleanOf(String text) {
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        throw new IllegalArgumentException("\"" + text + "\" is not true or false; nothing was changed.");
    }

    /** The metatype of GTach's own bundles, by PID, in name order. */
    private Map<String, ObjectClassDefinition> definitions() {
        Map<String, ObjectClassDefinition> definitions = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name == null || !name.startsWith(OWN_BUNDLES)) {
                continue;
            }
            MetaTypeInformation information = metatypes.getMetaTypeInformation(bundle);
            if (information == null) {
                continue;
            }
            for (String pid : information.getPids()) {
                definitions.put(pid, information.getObjectClassDefinition(pid, null));
            }
        }
        return definitions;
    }

    private static List<AttributeDefinition> settings(ObjectClassDefinition definition) {
        AttributeDefinition[] all = definition.getAttributeDefinitions(ObjectClassDefinition.ALL);
        return all == null ? List.of() : new ArrayList<>(List.of(all));
    }

    private Dictionary<String, Object> current(String pid) throws IOException {
        Configuration[] found;
        try {
            found = configurations.listConfigurations("(service.pid=" + pid + ")");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException("\"" + pid + "\" is not a valid PID.");
        }
        return found == null || found.length == 0 || found[0].getProperties() == null ? new Hashtable<>()
                : found[0].getProperties();
    }

    private static String value(Dictionary<String, Object> current, AttributeDefinition setting) {
        Object value = current.get(setting.getID());
        return value == null ? "(default)" : String.valueOf(value);
    }

    private static String defaultOf(AttributeDefinition setting) {
        String[] defaults = setting.getDefaultValue();
        return defaults == null || defaults.length == 0 ? "-" : String.join(",", defaults);
    }
}
