package gtach.provisioning.update.internal;

import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every Config Admin configuration, written as JSON with each property's type, so that a rollback
 * (or the recovery after a crash) puts back exactly what was there: changed ones updated back,
 * new ones deleted, deleted ones recreated.
 */
final class ConfigurationSnapshot {

    private static final String PID = "pid";
    private static final String FACTORY_PID = "factoryPid";
    private static final String LOCATION = "location";
    private static final String PROPERTIES = "properties";

    private ConfigurationSnapshot() {
    }

    static List<Map<String, Object>> take(ConfigurationAdmin admin) throws IOException {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Configuration c : list(admin, null)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put(PID, c.getPid());
            entry.put(FACTORY_PID, c.getFactoryPid());
            entry.put(LOCATION, c.getBundleLocation());
            entry.put(PROPERTIES, TypedValues.encode(c.getProperties()));
            all.add(entry);
        }
        return all;
    }

    static void restore(ConfigurationAdmin admin, List<Map<String, Object>> snapshot) throws IOException {
        restoreWithin(admin, snapshot, entry -> true);
    }

    /**
     * Puts back what the snapshot holds among the configurations the scope accepts: those it has
     * are updated back or created, those it lacks are deleted; configurations outside the scope
     * are left as they are.
     *
     * @param scope given a configuration as the snapshot describes one (pid, factoryPid), whether it is restored
     */
    @SuppressWarnings("unchecked")
    static void restoreWithin(ConfigurationAdmin admin, List<Map<String, Object>> snapshot,
            java.util.function.Predicate<Map<String, Object>> scope) throws IOException {
        Map<String, Map<String, Object>> before = new HashMap<>();
        for (Map<String, Object> entry : snapshot) {
            if (scope.test(entry)) {
                before.put((String) entry.get(PID), entry);
            }
        }
        Map<String, Configuration> now = new HashMap<>();
        for (Configuration c : list(admin, null)) {
            Map<String, Object> described = new HashMap<>();
            described.put(PID, c.getPid());
            described.put(FACTORY_PID, c.getFactoryPid());
            if (scope.test(described)) {
                now.put(c.getPid(), c);
            }
        }
        for (Map.Entry<String, Configuration> e : now.entrySet()) {
            if (!before.containsKey(e.getKey())) {
                e.getValue().delete();
            }
        }
        for (Map<String, Object> entry : before.values()) {
            String pid = (String) entry.get(PID);
            Dictionary<String, Object> properties = TypedValues.decode((Map<String, Object>) entry.get(PROPERTIES));
            Configuration existing = now.get(pid);
            if (existing != null) {
                if (!sameProperties(existing.getProperties(), properties)) {
                    existing.update(properties);
                }
                continue;
            }
            String factoryPid = (String) entry.get(FACTORY_PID);
            String location = (String) entry.get(LOCATION);
            int tilde = pid.indexOf('~');
            // A named factory configuration keeps its name, so that its PID is the same again.
            Configuration created = factoryPid == null ? admin.getConfiguration(pid, location)
                    : tilde > 0 ? admin.getFactoryConfiguration(factoryPid, pid.substring(tilde + 1), location)
                    : admin.createFactoryConfiguration(factoryPid, location);
            created.update(properties);
        }
    }

    private static List<Configuration> list(ConfigurationAdmin admin, String filter) throws IOException {
        try {
            Configuration[] found = admin.listConfigurations(filter);
            return found == null ? List.of() : List.of(found);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static boolean sameProperties(Dictionary<String, Object> a, Dictionary<String, Object> b) {
        return Objects.equals(comparable(a), comparable(b));
    }

    static Map<String, Object> comparable(Dictionary<String, Object> properties) {
        Map<String, Object> map = new HashMap<>();
        if (properties == null) {
            return map;
        }
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            if (Constants.SERVICE_PID.equals(key) || ConfigurationAdmin.SERVICE_FACTORYPID.equals(key)
                    || ConfigurationAdmin.SERVICE_BUNDLELOCATION.equals(key)) {
                continue;
            }
            Object value = properties.get(key);
            map.put(key, value != null && value.getClass().isArray() ? arrayAsList(value) : value);
        }
        return map;
    }

    private static List<Object> arrayAsList(Object array) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < Array.getLength(array); i++) {
            list.add(Array.get(array, i));
        }
        return list;
    }

    /** A dictionary of configuration properties as JSON-friendly maps of type and value. */
    static final class TypedValues {

        private TypedValues() {
        }

        static Map<String, Object> encode(Dictionary<String, Object> properties) {
            Map<String, Object> encoded = new LinkedHashMap<>();
            if (properties == null) {
                return encoded;
            }
            for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements(); ) {
                String key = keys.nextElement();
                Object value = properties.get(key);
                Map<String, Object> typed = new LinkedHashMap<>();
                if (value.getClass().isArray()) {
                    typed.put("type", value.getClass().getComponentType().getName() + "[]");
                    List<Object> items = new ArrayList<>();
                    for (Object item : arrayAsList(value)) {
                        items.add(String.valueOf(item));
                    }
                    typed.put("value", items);
                } else if (value instanceof java.util.Collection<?> collection) {
                    typed.put("type", "collection");
                    List<Object> items = new ArrayList<>();
                    collection.forEach(item -> items.add(String.valueOf(item)));
                    typed.put("value", items);
                } else {
                    typed.put("type", value.getClass().getName());
                    typed.put("value", String.valueOf(value));
                }
                encoded.put(key, typed);
            }
            return encoded;
        }

        @SuppressWarnings("unchecked")
        static Dictionary<String, Object> decode(Map<String, Object> encoded) {
            Dictionary<String, Object> properties = new Hashtable<>();
            for (Map.Entry<String, Object> e : encoded.entrySet()) {
                Map<String, Object> typed = (Map<String, Object>) e.getValue();
                String type = (String) typed.get("type");
                Object value = typed.get("value");
                if (type.endsWith("[]")) {
                    String component = type.substring(0, type.length() - 2);
                    List<Object> items = (List<Object>) value;
                    Class<?> componentType = classOf(component);
                    Object array = Array.newInstance(componentType, items.size());
                    for (int i = 0; i < items.size(); i++) {
                        Array.set(array, i, scalar(component, String.valueOf(items.get(i))));
                    }
                    properties.put(e.getKey(), array);
                } else if ("collection".equals(type)) {
                    properties.put(e.getKey(), new ArrayList<>((List<Object>) value));
                } else {
                    properties.put(e.getKey(), scalar(type, String.valueOf(value)));
                }
            }
            return properties;
        }

        private static Class<?> classOf(String name) {
            return switch (name) {
                case "int" -> int.class;
                case "long" -> long.class;
                case "boolean" -> boolean.class;
                case "double" -> double.class;
                case "float" -> float.class;
                case "short" -> short.class;
                case "byte" -> byte.class;
                case "char" -> char.class;
                case "java.lang.Integer" -> Integer.class;
                case "java.lang.Long" -> Long.class;
                case "java.lang.Boolean" -> Boolean.class;
                case "java.lang.Double" -> Double.class;
                case "java.lang.Float" -> Float.class;
                case "java.lang.Short" -> Short.class;
                case "java.lang.Byte" -> Byte.class;
                case "java.lang.Character" -> Character.class;
                default -> String.class;
            };
        }

        private static Object scalar(String type, String text) {
            return switch (type) {
                case "int", "java.lang.Integer" -> Integer.valueOf(text);
                case "long", "java.lang.Long" -> Long.valueOf(text);
                case "boolean", "java.lang.Boolean" -> Boolean.valueOf(text);
                case "double", "java.lang.Double" -> Double.valueOf(text);
                case "float", "java.lang.Float" -> Float.valueOf(text);
                case "short", "java.lang.Short" -> Short.valueOf(text);
                case "byte", "java.lang.Byte" -> Byte.valueOf(text);
                case "char", "java.lang.Character" -> text.isEmpty() ? '\0' : text.charAt(0);
                default -> text;
            };
        }
    }
}
