package gtach.provisioning.update.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration that belongs to the application, kept with each generation so that a rollback
 * to it puts its configuration back too, however that configuration was set. A PID belongs to the
 * application when a managed bundle's DS component is configured by it, when an application bundle
 * delivers it as an OSGi Configurator resource, or when its configuration is bound to a managed
 * bundle. The runtime's own settings and the operator's checks never do.
 */
final class ApplicationConfigurations {

    private static final String CONFIGURATOR_RESOURCES = "OSGI-INF/configurator";
    private static final String RUNTIME_PIDS = "gtach.provisioning.";

    /** Made on first use: the update service builds this at boot, which must not load Jackson's databind. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** What one generation holds: the PIDs that belonged to it and their configurations (some may have none). */
    record Record(Set<String> scope, List<Map<String, Object>> configurations) {

        Record {
            scope = Set.copyOf(scope);
            configurations = List.copyOf(configurations);
        }

        byte[] toJson() throws IOException {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("format", 1);
            json.put("scope", new TreeSet<>(scope));
            json.put("configurations", configurations);
            return Json.MAPPER.writeValueAsBytes(json);
        }

        static Record fromJson(byte[] bytes) throws IOException {
            Map<String, Object> json = Json.MAPPER.readValue(bytes, new TypeReference<Map<String, Object>>() { });
            @SuppressWarnings("unchecked")
            List<String> scope = (List<String>) json.getOrDefault("scope", List.of());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> configurations = (List<Map<String, Object>>) json.getOrDefault("configurations", List.of());
            if (scope == null || configurations == null) {
                throw new IOException("it has no scope or no configurations");
            }
            return new Record(new TreeSet<>(scope), configurations);
        }
    }

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final ConfigurationAdmin admin;

    ApplicationConfigurations(BundleContext context, ServiceComponentRuntime scr, ConfigurationAdmin admin) {
        this.context = context;
        this.scr = scr;
        this.admin = admin;
    }

    /** The PIDs (and factory PIDs) that belong to the application the framework runs now. */
    Set<String> scope() {
        Set<String> pids = new TreeSet<>();
        Collection<Bundle> managed = ManagedBundles.installed(context).values();
        for (Bundle bundle : managed) {
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
                if (description.configurationPid != null) {
                    pids.addAll(List.of(description.configurationPid));
                }
            }
            pids.addAll(configuratorPids(bundle));
        }
        try {
            for (Configuration configuration : list()) {
                String location = configuration.getBundleLocation();
                if (location != null && managed.stream().anyMatch(b -> location.equals(b.getLocation()))) {
                    pids.add(configuration.getFactoryPid() == null ? configuration.getPid() : configuration.getFactoryPid());
                }
            }
        } catch (IOException e) {
            // Without the list, bound configurations are not known; the others still are.
        }
        pids.removeIf(pid -> pid.startsWith(RUNTIME_PIDS));
        return pids;
    }

    /** The configurations in scope now, as a record to keep with a generation. */
    Record take() throws IOException {
        Set<String> scope = scope();
        List<Map<String, Object>> kept = new ArrayList<>();
        for (Map<String, Object> entry : ConfigurationSnapshot.take(admin)) {
            if (inScope(scope, (String) entry.get("pid"), (String) entry.get("factoryPid"))) {
                kept.add(entry);
            }
        }
        // in PID order, so that two records of the same configuration compare equal
        kept.sort(java.util.Comparator.comparing(entry -> String.valueOf(entry.get("pid"))));
        return new Record(scope, kept);
    }

    /**
     * Puts back the configurations a generation had, within what belonged to it and to the
     * application now: kept ones as they were, the others of that scope deleted.
     */
    void restore(Record record, Set<String> scopeNow) throws IOException {
        Set<String> scope = new TreeSet<>(record.scope());
        scope.addAll(scopeNow);
        ConfigurationSnapshot.restoreWithin(admin, record.configurations(),
                entry -> inScope(scope, (String) entry.get("pid"), (String) entry.get("factoryPid")));
    }

    static boolean inScope(Set<String> scope, String pid, String factoryPid) {
        if (pid != null && scope.contains(pid)) {
            return true;
        }
        if (factoryPid != null && scope.contains(factoryPid)) {
            return true;
        }
        int tilde = pid == null ? -1 : pid.indexOf('~');
        return tilde > 0 && scope.contains(pid.substring(0, tilde));
    }

    private List<Configuration> list() throws IOException {
        try {
            Configuration[] found = admin.listConfigurations(null);
            return found == null ? List.of() : List.of(found);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PIDs an OSGi Configurator resource of the bundle configures: its keys that are not {@code :configurator:} ones. */
    static Set<String> configuratorPids(Bundle bundle) {
        Set<String> pids = new TreeSet<>();
        Enumeration<URL> resources = bundle.getState() == Bundle.UNINSTALLED ? null
                : bundle.findEntries(CONFIGURATOR_RESOURCES, "*.json", false);
        while (resources != null && resources.hasMoreElements()) {
            try (InputStream in = resources.nextElement().openStream()) {
                JsonNode root = Json.MAPPER.readTree(in);
                for (Iterator<String> names = root == null ? java.util.Collections.emptyIterator() : root.fieldNames();
                        names.hasNext(); ) {
                    String name = names.next();
                    if (!name.startsWith(":configurator:")) {
                        pids.add(name);
                    }
                }
            } catch (IOException e) {
                // A resource that does not read is the Configurator's to report; it configures nothing.
            }
        }
        return pids;
    }
}
