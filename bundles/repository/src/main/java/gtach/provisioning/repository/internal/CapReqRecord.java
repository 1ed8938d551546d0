package gtach.provisioning.repository.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A capability or requirement as stored in {@code package.json}: its namespace, typed attributes
 * (String, Long, Double, {@link org.osgi.framework.Version} or a List of one of them) and
 * directives. Immutable; the maps keep their insertion order.
 */
record CapReqRecord(String namespace, Map<String, Object> attributes, Map<String, String> directives) {

    CapReqRecord {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        directives = Collections.unmodifiableMap(new LinkedHashMap<>(directives));
    }
}
