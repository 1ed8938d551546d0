package gtach.provisioning.shell.internal;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.TreeMap;

import static gtach.provisioning.shell.internal.HelpText.EXAMPLE;
import static gtach.provisioning.shell.internal.HelpText.VERSIONS;

/**
 * {@code gtach:help}: every GTach command with what it does, read from the commands' own
 * descriptors so that this list and {@code help gtach:<command>} never disagree.
 */
@Component(service = HelpCommand.class, property = {
        "osgi.command.scope=gtach",
        "osgi.command.function=help" })
public final class HelpCommand {

    private static final String SCOPE = "gtach";

    private final BundleContext context;

    @Activate
    public HelpCommand(BundleContext context) {
        this.context = context;
    }

    @Descriptor("list GTach's commands and what each does; help gtach:<command> shows one in full"
            + EXAMPLE + "gtach:help")
    public String help() throws InvalidSyntaxException {
        Map<String, String> commands = new TreeMap<>();
        for (ServiceReference<?> reference : context.getServiceReferences((String) null, "(osgi.command.scope=" + SCOPE + ")")) {
            Object service = context.getService(reference);
            if (service == null) {
                continue;
            }
            try {
                for (String function : functions(reference.getProperty("osgi.command.function"))) {
                    commands.put(SCOPE + ":" + function, summary(service.getClass(), function));
                }
            } finally {
                context.ungetService(reference);
            }
        }
        Table table = new Table("COMMAND", "WHAT IT DOES");
        commands.forEach(table::row);
        return table + "`help gtach:<command>` shows its options and an example; `help` lists every command of the console."
                + System.lineSeparator() + System.lineSeparator() + VERSIONS;
    }

    private static String[] functions(Object property) {
        if (property instanceof String[] names) {
            return names;
        }
        return property == null ? new String[0] : new String[] {String.valueOf(property)};
    }

    /** The first line of the method's descriptor: what it does, without its example. */
    static String summary(Class<?> type, String function) {
        for (Method method : type.getMethods()) {
            Descriptor descriptor = method.getAnnotation(Descriptor.class);
            if (method.getName().equals(function) && descriptor != null) {
                return descriptor.value().split("\n", 2)[0];
            }
        }
        return "-";
    }
}
