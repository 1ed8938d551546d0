package gtach.provisioning.shell.internal;

import org.osgi.service.metatype.AttributeDefinition;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the {@code key=value} words of {@code gtach:config} into typed Config Admin values, checked
 * against the metatype first, so that a typo changes nothing. A setting that takes several values
 * (a list of services, of requests) is given by repeating its key; {@code key=} with nothing after
 * it puts a setting back to its default.
 */
final class SettingValues {

    private SettingValues() {
    }

    /**
     * @param pid what the settings belong to, to name it in a sentence
     * @param settings the metatype's settings, by key
     * @param assignments the {@code key=value} words
     * @param ownRules whether GTach's own rules apply as well ({@link SettingRules}), as they do to GTach's settings only
     * @return the typed value of each key named, null for a key put back to its default
     */
    static Map<String, Object> parse(String pid, Map<String, AttributeDefinition> settings, List<String> assignments,
            boolean ownRules) {
        Map<String, List<String>> texts = new LinkedHashMap<>();
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("\"" + assignment + "\" is not key=value; nothing was changed.");
            }
            String key = assignment.substring(0, equals);
            AttributeDefinition setting = settings.get(key);
            if (setting == null) {
                throw new IllegalArgumentException(pid + " has no setting " + key + "; it has "
                        + String.join(", ", settings.keySet()) + "; nothing was changed.");
            }
            List<String> values = texts.computeIfAbsent(key, k -> new ArrayList<>());
            if (!values.isEmpty() && setting.getCardinality() == 0) {
                throw new IllegalArgumentException(pid + " " + key + " takes one value, and it was given twice; "
                        + "nothing was changed.");
            }
            values.add(assignment.substring(equals + 1));
        }
        Map<String, Object> typed = new LinkedHashMap<>();
        texts.forEach((key, values) -> {
            AttributeDefinition setting = settings.get(key);
            if (values.size() == 1 && values.get(0).isEmpty()) {
                typed.put(key, null);
            } else if (setting.getCardinality() == 0) {
                typed.put(key, typed(pid, setting, values.get(0), ownRules));
            } else {
                typed.put(key, array(pid, setting, values, ownRules));
            }
        });
        return typed;
    }

    /** Config Admin wants an array (positive cardinality) or a list (negative); both are kept as an array here. */
    private static Object array(String pid, AttributeDefinition setting, List<String> values, boolean ownRules) {
        int limit = Math.abs(setting.getCardinality());
        if (values.size() > limit) {
            throw new IllegalArgumentException(pid + " " + setting.getID() + " takes at most " + limit
                    + " values, not " + values.size() + "; nothing was changed.");
        }
        Object array = Array.newInstance(javaType(setting), values.size());
        for (int i = 0; i < values.size(); i++) {
            Array.set(array, i, typed(pid, setting, values.get(i), ownRules));
        }
        return array;
    }

    private static Class<?> javaType(AttributeDefinition setting) {
        return switch (setting.getType()) {
            case AttributeDefinition.INTEGER -> Integer.class;
            case AttributeDefinition.LONG -> Long.class;
            case AttributeDefinition.BOOLEAN -> Boolean.class;
            default -> String.class;
        };
    }

    /** The type first, for a message that says what is expected; then what the metatype checks, then GTach's own rules. */
    private static Object typed(String pid, AttributeDefinition setting, String text, boolean ownRules) {
        Object value;
        try {
            value = switch (setting.getType()) {
                case AttributeDefinition.INTEGER -> Integer.valueOf(text);
                case AttributeDefinition.LONG -> Long.valueOf(text);
                case AttributeDefinition.BOOLEAN -> booleanOf(pid, setting, text);
                default -> text;
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(pid + " " + setting.getID() + " must be a whole number, not \"" + text
                    + "\"; nothing was changed.");
        }
        String problem = setting.validate(text);
        if ((problem == null || problem.isEmpty()) && ownRules) {
            problem = SettingRules.problem(setting, value).orElse(null);
        }
        if (problem != null && !problem.isEmpty()) {
            throw new IllegalArgumentException(pid + " " + setting.getID() + " cannot be \"" + text + "\" (" + problem
                    + "); nothing was changed.");
        }
        return value;
    }

    private static Boolean booleanOf(String pid, AttributeDefinition setting, String text) {
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        throw new IllegalArgumentException(pid + " " + setting.getID() + " must be true or false, not \"" + text
                + "\"; nothing was changed.");
    }

    /** A stored value as an operator types it: several values separated by commas. */
    static String show(Object value) {
        if (value == null) {
            return "(default)";
        }
        if (value.getClass().isArray()) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(String.valueOf(Array.get(value, i)));
            }
            return String.join(", ", items);
        }
        if (value instanceof Iterable<?> items) {
            List<String> shown = new ArrayList<>();
            items.forEach(item -> shown.add(String.valueOf(item)));
            return String.join(", ", shown);
        }
        return String.valueOf(value);
    }

    /** The required settings a new configuration must be given because they have no default. */
    static Optional<String> missingRequired(Map<String, AttributeDefinition> required, Map<String, Object> given) {
        return required.keySet().stream().filter(key -> given.get(key) == null).findFirst();
    }
}
