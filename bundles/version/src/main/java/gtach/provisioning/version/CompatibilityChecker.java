package gtach.provisioning.version;

import org.osgi.annotation.versioning.ProviderType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.Manifest;

/**
 * Answers "if this candidate replaced the installed bundle of the same symbolic name, which
 * installed bundles would lose a wire, and why", against the framework the service runs in.
 * <p>
 * Only resolved consumers are examined: their current wires to the installed bundle (package
 * imports, required bundles, attached fragments and generic capabilities) are matched against the
 * capabilities the candidate declares. The framework is only read, never changed. Thread-safe.
 */
@ProviderType
public interface CompatibilityChecker {

    /**
     * Checks a bundle JAR.
     *
     * @param jar the candidate bundle, not null
     * @return the report; {@link CompatibilityReport#compatible()} when no consumer would lose a wire
     * @throws IllegalArgumentException when the file is not an OSGi bundle (not a JAR, no manifest,
     *         no {@code Bundle-SymbolicName}, invalid {@code Bundle-Version}), naming the file and the reason
     * @throws IOException when the file cannot be read
     */
    CompatibilityReport check(Path jar) throws IOException;

    /**
     * Checks a candidate given by its manifest alone.
     *
     * @throws IllegalArgumentException when the manifest does not describe an OSGi bundle
     */
    CompatibilityReport check(Manifest manifest);
}
