package gtach.provisioning.repository.internal;

import org.osgi.framework.Version;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared pieces of the stored capabilities and requirements: read-only maps and manifest-like text. */
final class CapReqText {

    private CapReqText() {
    }

    /** A read-only copy keeping the order; the empty map is shared. */
    static <V> Map<String, V> readOnly(Map<String, V> map) {
        return map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** For example {@code osgi.wiring.package;osgi.wiring.package=a.b;version:Version=1.0.0;uses:="c.d"}. */
    static String format(String namespace, Map<String, Object> attributes, Map<String, String> directives) {
        StringBuilder text = new StringBuilder(namespace);
        for (Map.Entry<String, Object> attribute : attributes.entrySet()) {
            Object value = attribute.getValue();
            text.append(';').append(attribute.getKey());
            if (value instanceof Version) {
                text.append(":Version");
            } else if (value instanceof Long) {
                text.append(":Long");
            } else if (value instanceof Double) {
                text.append(":Double");
            } else if (value instanceof List) {
                text.append(":List");
            }
            text.append('=').append(value);
        }
        for (Map.Entry<String, String> directive : directives.entrySet()) {
            text.append(';').append(directive.getKey()).append(":=\"").append(directive.getValue()).append('"');
        }
        return text.toString();
    }
}
