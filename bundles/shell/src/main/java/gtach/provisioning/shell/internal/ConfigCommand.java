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
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static gtach.provisioning.shell.internal.HelpText.EXAMPLES;
import static gtach.provisioning.shell.internal.HelpText.OR;

/**
 * {@code gtach:config}: the settings of GTach's own bundles, and the verification checks made from
 * the Felix general health checks, as their metatype describes them, read and changed through
 * Config Admin, which keeps them across restarts. A check is a named factory configuration
 * ({@code <factory PID>~<name>}), so that several of one kind can live side by side.
 */
@Component(service = ConfigCommand.class, property = {
        "osgi.command.scope=gtach",
        "osgi.command.function=config" })
public final class ConfigCommand {

    private static final String NL = System.lineSeparator();
    private static final String OWN_BUNDLES = "gtach.provisioning.";
    /** Bundles whose factory configurations are verification checks: GTach's own and Felix's health checks. */
    private static final List<String> CHECK_BUNDLES = List.of("gtach.", "org.apache.felix.healthcheck.");
    private static final String DELETE = "--delete";

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

    @Descriptor("show or change the settings of GTach's bundles, and the health checks that verify every change;"
            + " changes are kept across restarts. A check is <factory PID>~<name>; a setting that takes several values"
            + " is given by repeating its key; key= puts a setting back to its default; --delete removes a check"
            + EXAMPLES + "gtach:config gtach.provisioning.update" + OR + "gtach:config gtach.provisioning.update verifyTimeoutSeconds=60"
            + OR + "gtach:config org.apache.felix.hc.generalchecks.ServicesCheck~display hc.name=display"
            + " services.list=gtach.example.tach.Tachometer" + OR
            + "gtach:config org.apache.felix.hc.generalchecks.ServicesCheck~display --delete")
    public String config(@Descriptor("nothing to list every setting and check; a PID, a factory PID or a check to show"
            + " its settings; then key=value pairs to change them, or --delete to remove a check") String... arguments)
            throws IOException {
        Map<String, ObjectClassDefinition> definitions = definitions();
        Map<String, ObjectClassDefinition> factories = factories();
        if (arguments.length == 0) {
            return everything(definitions, factories);
        }
        String pid = arguments[0];
        List<String> rest = List.of(arguments).subList(1, arguments.length);
        int tilde = pid.indexOf('~');
        if (tilde >= 0) {
            return check(pid.substring(0, tilde), pid.substring(tilde + 1), factories, rest);
        }
        if (factories.containsKey(pid)) {
            if (!rest.isEmpty()) {
                throw new IllegalArgumentException(pid + " is a kind of check, not a check: name one as " + pid
                        + "~<name>, for example " + pid + "~" + shortName(pid) + "; nothing was changed.");
            }
            return kind(pid, factories.get(pid));
        }
        ObjectClassDefinition definition = definitions.get(pid);
        boolean own = definition != null;
        if (definition == null) {
            // Any other bundle's settings, such as the application's, where its metatype describes them.
            definition = metatype(List.of(""), false).get(pid);
        }
        if (definition == null) {
            throw new IllegalArgumentException("No bundle describes settings under " + pid + "; GTach's are under "
                    + String.join(", ", definitions.keySet()) + ", and checks are made from "
                    + String.join(", ", factories.keySet()) + ".");
        }
        if (rest.isEmpty()) {
            return describe(pid, definition, current(pid));
        }
        if (rest.contains(DELETE)) {
            throw new IllegalArgumentException(pid + " is a bundle's settings and cannot be deleted; "
                    + "key= puts a setting back to its default; nothing was changed.");
        }
        return change(pid, definition, rest, configurations.getConfiguration(pid, "?"), own);
    }

    private String everything(Map<String, ObjectClassDefinition> definitions, Map<String, ObjectClassDefinition> factories)
            throws IOException {
        Table table = new Table("PID", "KEY", "VALUE", "DEFAULT");
        for (Map.Entry<String, ObjectClassDefinition> pid : definitions.entrySet()) {
            Dictionary<String, Object> current = current(pid.getKey());
            for (AttributeDefinition setting : settings(pid.getValue())) {
                table.row(pid.getKey(), setting.getID(), value(current, setting), defaultOf(setting));
            }
        }
        for (Map.Entry<String, ObjectClassDefinition> factory : factories.entrySet()) {
            for (Configuration check : instances(factory.getKey())) {
                Dictionary<String, Object> current = check.getProperties();
                for (AttributeDefinition setting : settings(factory.getValue())) {
                    if (current != null && current.get(setting.getID()) != null) {
                        table.row(check.getPid(), setting.getID(), value(current, setting), defaultOf(setting));
                    }
                }
            }
        }
        return table + "Checks can be made from " + String.join(", ", factories.keySet())
                + "; gtach:config <one of them> explains its settings." + NL;
    }

    /** Shows, changes, creates or deletes one named check. */
    private String check(String factory, String name, Map<String, ObjectClassDefinition> factories, List<String> rest)
            throws IOException {
        ObjectClassDefinition definition = factories.get(factory);
        String pid = factory + "~" + name;
        if (definition == null) {
            throw new IllegalArgumentException("There is no kind of check " + factory + "; checks are made from "
                    + String.join(", ", factories.keySet()) + ".");
        }
        if (name.isBlank() || !name.matches("[\\w.-]+")) {
            throw new IllegalArgumentException("\"" + name + "\" is not a name for a check: use letters, digits, '.', '_'"
                    + " or '-', as in " + factory + "~" + shortName(factory) + "; nothing was changed.");
        }
        Optional<Configuration> existing = instances(factory).stream().filter(c -> c.getPid().equals(pid)).findFirst();
        if (rest.equals(List.of(DELETE))) {
            if (existing.isEmpty()) {
                throw new IllegalArgumentException("There is no check " + pid + "; nothing was changed.");
            }
            existing.get().delete();
            return "Deleted the check " + pid + "." + NL;
        }
        if (rest.contains(DELETE)) {
            throw new IllegalArgumentException("--delete takes nothing else; nothing was changed.");
        }
        if (rest.isEmpty()) {
            if (existing.isEmpty()) {
                throw new IllegalArgumentException("There is no check " + pid + " yet; gtach:config " + factory
                        + " shows what it can be given.");
            }
            return describe(pid, definition, existing.get().getProperties());
        }
        Configuration configuration = existing.isPresent() ? existing.get()
                : configurations.getFactoryConfiguration(factory, name, "?");
        return change(pid, definition, rest, configuration, false);
    }

    /** A kind of check: its settings and the checks made from it. */
    private String kind(String factory, ObjectClassDefinition definition) throws IOException {
        Table table = new Table("KEY", "DEFAULT", "MEANING");
        for (AttributeDefinition setting : settings(definition)) {
            table.row(setting.getID() + (setting.getCardinality() == 0 ? "" : " (several)"), defaultOf(setting),
                    meaning(setting));
        }
        List<String> made = instances(factory).stream().map(Configuration::getPid).toList();
        return definition.getName() + NL + table
                + (made.isEmpty() ? "No check is made from it yet; " : "Checks made from it: " + String.join(", ", made) + "; ")
                + "gtach:config " + factory + "~<name> key=value … makes one." + NL;
    }

    private static String describe(String pid, ObjectClassDefinition definition, Dictionary<String, Object> current) {
        Table table = new Table("KEY", "VALUE", "DEFAULT", "MEANING");
        for (AttributeDefinition setting : settings(definition)) {
            table.row(setting.getID(), value(current == null ? new Hashtable<>() : current, setting), defaultOf(setting),
                    meaning(setting));
        }
        return table.toString();
    }

    /** Every change is checked before any is made, so a typo changes nothing. */
    private String change(String pid, ObjectClassDefinition definition, List<String> assignments,
            Configuration configuration, boolean ownRules) throws IOException {
        Map<String, AttributeDefinition> byKey = settings(definition).stream()
                .collect(Collectors.toMap(AttributeDefinition::getID, a -> a, (a, b) -> a, LinkedHashMap::new));
        Map<String, Object> changes = SettingValues.parse(pid, byKey, assignments, ownRules);
        Dictionary<String, Object> properties = configuration.getProperties() == null
                ? new Hashtable<>() : configuration.getProperties();
        changes.forEach((key, value) -> {
            if (value == null) {
                properties.remove(key);
            } else {
                properties.put(key, value);
            }
        });
        Map<String, AttributeDefinition> required = new LinkedHashMap<>();
        for (AttributeDefinition setting : definition.getAttributeDefinitions(ObjectClassDefinition.REQUIRED)) {
            if (setting.getDefaultValue() == null && properties.get(setting.getID()) == null) {
                required.put(setting.getID(), setting);
            }
        }
        if (!required.isEmpty()) {
            throw new IllegalArgumentException(pid + " needs " + String.join(" and ", required.keySet())
                    + (required.size() == 1 ? ", which has no default" : ", which have no defaults") + "; nothing was changed.");
        }
        configuration.update(properties);
        return changes.entrySet().stream()
                .map(e -> pid + " " + e.getKey() + " = " + (e.getValue() == null
                        ? defaultOf(byKey.get(e.getKey())) + " (the default)" : SettingValues.show(e.getValue())))
                .collect(Collectors.joining(NL)) + NL;
    }

    /** The metatype of GTach's own bundles, by PID, in name order. */
    private Map<String, ObjectClassDefinition> definitions() {
        return metatype(List.of(OWN_BUNDLES), false);
    }

    /** The factory PIDs checks are made from, in name order. */
    private Map<String, ObjectClassDefinition> factories() {
        return metatype(CHECK_BUNDLES, true);
    }

    private Map<String, ObjectClassDefinition> metatype(List<String> prefixes, boolean factory) {
        Map<String, ObjectClassDefinition> definitions = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name == null || prefixes.stream().noneMatch(name::startsWith)) {
                continue;
            }
            MetaTypeInformation information = metatypes.getMetaTypeInformation(bundle);
            if (information == null) {
                continue;
            }
            String[] pids = factory ? information.getFactoryPids() : information.getPids();
            for (String pid : pids == null ? new String[0] : pids) {
                definitions.put(pid, information.getObjectClassDefinition(pid, null));
            }
        }
        return definitions;
    }

    private List<Configuration> instances(String factory) throws IOException {
        try {
            Configuration[] found = configurations.listConfigurations("(service.factoryPid=" + factory + ")");
            return found == null ? List.of() : List.of(found).stream()
                    .sorted(java.util.Comparator.comparing(Configuration::getPid)).toList();
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException("\"" + factory + "\" is not a valid factory PID.");
        }
    }

    private static String shortName(String factoryPid) {
        return factoryPid.substring(factoryPid.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
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
        return SettingValues.show(current.get(setting.getID()));
    }

    private static String meaning(AttributeDefinition setting) {
        return setting.getDescription() == null ? "" : setting.getDescription();
    }

    private static String defaultOf(AttributeDefinition setting) {
        String[] defaults = setting.getDefaultValue();
        return defaults == null || defaults.length == 0 ? "-" : String.join(",", defaults);
    }
}
