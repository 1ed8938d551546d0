package gtach.provisioning.repository.internal;

import org.osgi.framework.Version;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts capability attributes to and from their stored form, where the type travels in the
 * key as in a manifest ({@code version:Version}, {@code size:Long}, {@code names:List<String>})
 * and plain strings have no suffix. Stored values are JSON-friendly: strings, longs, doubles and
 * lists of them; versions are stored as their text.
 */
final class TypedAttributes {

    private TypedAttributes() {
    }

    /**
     * The stored form of attributes.
     *
     * @throws IllegalArgumentException for a value of a type OSGi attributes cannot have
     */
    static Map<String, Object> toStored(Map<String, Object> attributes) {
        Map<String, Object> stored = new LinkedHashMap<>();
        for (Map.Entry<String, Object> attribute : attributes.entrySet()) {
            Object value = attribute.getValue();
            String key = attribute.getKey();
            if (!isAttributeName(key)) {
                throw new IllegalArgumentException("attribute \"" + key + "\" is not a valid attribute name");
            }
            if (value instanceof List<?> list) {
                String element = listElementType(key, list);
                List<Object> values = new ArrayList<>(list.size());
                for (Object item : list) {
                    values.add(scalarToStored(key, item));
                }
                stored.put(key + ":List<" + element + ">", values);
            } else {
                String type = scalarType(key, value);
                stored.put(type.equals("String") ? key : key + ":" + type, scalarToStored(key, value));
            }
        }
        return stored;
    }

    /**
     * The typed attributes a stored form describes.
     *
     * @throws IllegalArgumentException when a key names an unknown type or a value does not have it
     */
    static Map<String, Object> fromStored(Map<String, Object> stored) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : stored.entrySet()) {
            String key = entry.getKey();
            int colon = key.indexOf(':');
            String name = colon < 0 ? key : key.substring(0, colon);
            String type = colon < 0 ? "String" : key.substring(colon + 1);
            if (!isAttributeName(name)) {
                throw new IllegalArgumentException("attribute key \"" + key + "\" is not a valid attribute name");
            }
            Object value = entry.getValue();
            if (type.startsWith("List<") && type.endsWith(">")) {
                String element = type.substring(5, type.length() - 1);
                if (!(value instanceof List<?> list)) {
                    throw new IllegalArgumentException("attribute " + key + " is not a list");
                }
                List<Object> values = new ArrayList<>(list.size());
                for (Object item : list) {
                    values.add(scalarFromStored(key, element, item));
                }
                attributes.put(name, List.copyOf(values));
            } else {
                attributes.put(name, scalarFromStored(key, type, value));
            }
        }
        return attributes;
    }

    /** An OSGi extended token: what a manifest allows as an attribute name. */
    private static boolean isAttributeName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean valid = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '_' || c == '-' || c == '.';
            if (!valid) {
                return false;
            }
        }
        return true;
    }

    private static String listElementType(String key, List<?> list) {
        String type = "String";
        for (int i = 0; i < list.size(); i++) {
            String itemType = scalarType(key, list.get(i));
            if (i > 0 && !itemType.equals(type)) {
                throw new IllegalArgumentException("attribute " + key + " mixes " + type + " and " + itemType + " values");
            }
            type = itemType;
        }
        return type;
    }

    private static String scalarType(String key, Object value) {
        if (value instanceof String) {
            return "String";
        }
        if (value instanceof Version) {
            return "Version";
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return "Long";
        }
        if (value instanceof Double || value instanceof Float) {
            return "Double";
        }
        throw new IllegalArgumentException("attribute " + key + " has a value of unsupported type "
                + (value == null ? "null" : value.getClass().getName()));
    }

    private static Object scalarToStored(String key, Object value) {
        return switch (scalarType(key, value)) {
            case "Version" -> value.toString();
            case "Long" -> ((Number) value).longValue();
            case "Double" -> ((Number) value).doubleValue();
            default -> value;
        };
    }

    private static Object scalarFromStored(String key, String type, Object value) {
        switch (type) {
            case "String":
                if (value instanceof String) {
                    return value;
                }
                break;
            case "Version":
                if (value instanceof String text) {
                    try {
                        return Version.parseVersion(text);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("attribute " + key + " has the invalid version \"" + text + "\"");
                    }
                }
                break;
            case "Long":
                if (value instanceof Long || value instanceof Integer) {
                    return ((Number) value).longValue();
                }
                break;
            case "Double":
                if (value instanceof Number number) {
                    return number.doubleValue();
                }
                break;
            default:
                throw new IllegalArgumentException("attribute " + key + " has the unknown type " + type);
        }
        throw new IllegalArgumentException("attribute " + key + " does not hold a " + type);
    }
}
