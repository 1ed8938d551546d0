package gtach.provisioning.shell.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import java.util.Arrays;
import java.util.Optional;

/** Where the log bundle writes, as its service says. */
final class LogFileLocation {

    /** The service property by which the log bundle says which file it writes (an absolute path). */
    static final String PROPERTY = "gtach.log.file";

    private LogFileLocation() {
    }

    /** Looked up on each call: the log bundle may come, go or move its file while the runtime runs. */
    static Optional<String> of(BundleContext context) {
        try {
            ServiceReference<?>[] references = context.getServiceReferences((String) null, "(" + PROPERTY + "=*)");
            // The highest ranked, as getServiceReference would choose among several
            return references == null ? Optional.empty()
                    : Arrays.stream(references).max(ServiceReference::compareTo)
                            .map(reference -> String.valueOf(reference.getProperty(PROPERTY)));
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("The filter for " + PROPERTY + " is malformed", e);
        }
    }
}
