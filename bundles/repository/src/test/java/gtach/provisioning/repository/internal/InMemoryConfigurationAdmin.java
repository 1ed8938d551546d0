package gtach.provisioning.repository.internal;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Just enough of Config Admin for remotes: named factory configurations, kept in memory, listed
 * (every one, whatever the filter), updated and deleted.
 */
final class InMemoryConfigurationAdmin {

    final Map<String, Dictionary<String, Object>> stored = new LinkedHashMap<>();

    ConfigurationAdmin service() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ConfigurationAdmin.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getFactoryConfiguration" -> configuration(args[0] + "~" + args[1]);
                    case "listConfigurations" -> stored.keySet().stream().map(this::configuration).toArray(Configuration[]::new);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private Configuration configuration(String pid) {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getPid" -> pid;
                    case "getFactoryPid" -> pid.substring(0, pid.indexOf('~'));
                    case "getProperties" -> stored.containsKey(pid) ? copy(stored.get(pid)) : null;
                    case "update" -> {
                        @SuppressWarnings("unchecked")
                        Dictionary<String, Object> properties = (Dictionary<String, Object>) args[0];
                        stored.put(pid, copy(properties));
                        yield null;
                    }
                    case "delete" -> {
                        stored.remove(pid);
                        yield null;
                    }
                    case "hashCode" -> pid.hashCode();
                    case "equals" -> proxy == args[0];
                    case "toString" -> pid;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> properties) {
        Hashtable<String, Object> copy = new Hashtable<>();
        for (var keys = properties.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            copy.put(key, properties.get(key));
        }
        return copy;
    }
}
