package gtach.provisioning.console.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bundle that registered the command a line starts with, so that a fault is blamed on the
 * bundle that has it: Felix's own commands are Felix's, GTach's are GTach's.
 *
 * @param symbolicName the owner's symbolic name
 * @param version the owner's version
 */
record CommandOwner(String symbolicName, String version) {

    private static final String SCOPE_PROPERTY = "osgi.command.scope";
    private static final String FUNCTION_PROPERTY = "osgi.command.function";
    private static final Pattern COMMAND_WORD = Pattern.compile("[\\w.-]+(:[\\w.-]+)?");

    /** GTach's own bundles; a fault in their commands is GTach's. */
    boolean isGtach() {
        return symbolicName.startsWith("gtach.");
    }

    @Override
    public String toString() {
        return symbolicName + " " + version;
    }

    /**
     * Finds the owner of the first command on a line, looking unscoped names up in the session's
     * scope order.
     *
     * @return empty when the first word is not a registered command (a variable, a closure, a typo)
     */
    static Optional<CommandOwner> of(BundleContext context, String line) {
        String word = line.strip().split("[\\s;|&]+", 2)[0];
        if (!COMMAND_WORD.matcher(word).matches()) {
            return Optional.empty();
        }
        int colon = word.indexOf(':');
        String scope = colon < 0 ? null : word.substring(0, colon);
        String function = word.substring(colon + 1);
        String filter = "(" + FUNCTION_PROPERTY + "=" + function + ")";
        if (scope != null) {
            filter = "(&" + filter + "(" + SCOPE_PROPERTY + "=" + scope + "))";
        }
        ServiceReference<?>[] references;
        try {
            references = context.getAllServiceReferences(null, filter);
        } catch (InvalidSyntaxException e) {
            return Optional.empty();
        }
        if (references == null) {
            return Optional.empty();
        }
        List<String> order = Arrays.asList(CommandConnection.SCOPE.split(":"));
        return Arrays.stream(references)
                .min(Comparator.comparingInt(r -> rank(order, r.getProperty(SCOPE_PROPERTY))))
                .map(ServiceReference::getBundle)
                .filter(bundle -> bundle != null && bundle.getSymbolicName() != null)
                .map(CommandOwner::of);
    }

    static CommandOwner of(Bundle bundle) {
        return new CommandOwner(bundle.getSymbolicName(), bundle.getVersion().toString());
    }

    private static int rank(List<String> order, Object scope) {
        int index = order.indexOf(String.valueOf(scope));
        return index < 0 ? order.size() : index;
    }
}
