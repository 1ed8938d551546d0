package gtach.provisioning.update.internal;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The configurations that differ now from those kept before a change began: set by the change
 * however it was done (an application bundle's Configurator resource, a bundle writing its own, a
 * rollback putting one back). Their consumers are checked as if their bundles had changed: a bad
 * value fails the change that brought it.
 */
final class ConfigurationChanges {

    private final ConfigurationAdmin admin;
    private final Map<String, Map<String, Object>> before = new HashMap<>();
    private final boolean known;

    /**
     * @param admin Config Admin, or null when there is none
     * @param snapshot every configuration before the change, as {@link ConfigurationSnapshot#take} keeps them; null when not kept
     */
    @SuppressWarnings("unchecked")
    ConfigurationChanges(ConfigurationAdmin admin, List<Map<String, Object>> snapshot) {
        this.admin = admin;
        this.known = admin != null && snapshot != null;
        if (snapshot != null) {
            for (Map<String, Object> entry : snapshot) {
                before.put((String) entry.get("pid"), ConfigurationSnapshot.comparable(
                        ConfigurationSnapshot.TypedValues.decode((Map<String, Object>) entry.get("properties"))));
            }
        }
    }

    /** Config Admin, or null when there is none. */
    ConfigurationAdmin admin() {
        return admin;
    }

    /** Nothing changed, as far as anyone can tell: for callers without Config Admin. */
    static ConfigurationChanges none() {
        return new ConfigurationChanges(null, null);
    }

    /**
     * @return by PID (and factory PID, for a factory configuration), the properties of each
     *         configuration changed or made since the snapshot; an empty map for one deleted since
     */
    Map<String, Map<String, Object>> changed() {
        Map<String, Map<String, Object>> changed = new HashMap<>();
        if (!known) {
            return changed;
        }
        Map<String, Map<String, Object>> now = new HashMap<>();
        Map<String, String> factories = new HashMap<>();
        try {
            Configuration[] all = admin.listConfigurations(null);
            for (Configuration c : all == null ? new Configuration[0] : all) {
                if (ConfigurationEventBarrier.PID.equals(c.getPid())) {
                    continue;
                }
                now.put(c.getPid(), ConfigurationSnapshot.comparable(c.getProperties()));
                if (c.getFactoryPid() != null) {
                    factories.put(c.getPid(), c.getFactoryPid());
                }
            }
        } catch (IOException | InvalidSyntaxException | IllegalStateException e) {
            return changed; // Config Admin going away: the bundle checks still stand
        }
        now.forEach((pid, properties) -> {
            if (!Objects.equals(before.get(pid), properties)) {
                changed.put(pid, properties);
                if (factories.containsKey(pid)) {
                    changed.put(factories.get(pid), properties);
                }
            }
        });
        before.keySet().stream().filter(pid -> !now.containsKey(pid)).forEach(pid -> changed.put(pid, Map.of()));
        return changed;
    }
}
