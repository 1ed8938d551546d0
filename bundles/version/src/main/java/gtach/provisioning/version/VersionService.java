package gtach.provisioning.version;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.Bundle;

import java.util.Collection;
import java.util.Optional;

/**
 * Versions and ranges as a service, for bundles that prefer to receive them through Declarative
 * Services. Every method is thread-safe and never blocks.
 */
@ProviderType
public interface VersionService {

    /**
     * Parses a strict SemVer 2.0.0 version.
     *
     * @throws IllegalArgumentException naming the problem and its position when {@code text} is not one
     * @see SemanticVersion#parse(String)
     */
    SemanticVersion parse(String text);

    /**
     * Parses an OSGi version range, a {@code ^}, {@code ~} or {@code .x} shorthand, or a bare
     * version meaning exactly that version, strictly.
     *
     * @throws IllegalArgumentException naming the problem and its position when {@code text} is not one
     * @see SemanticRange#parse(String)
     */
    SemanticRange parseRange(String text);

    /** How large the step from {@code from} to {@code to} is; build metadata is ignored. */
    ChangeKind classify(SemanticVersion from, SemanticVersion to);

    /**
     * The highest version by SemVer precedence that the range includes.
     *
     * @param candidates the versions to choose from, not null, may be empty
     * @param range the range to respect, not null
     * @param includePreReleases whether pre-release versions may be chosen
     * @return the chosen version, or empty when none fits
     */
    Optional<SemanticVersion> latest(Collection<SemanticVersion> candidates, SemanticRange range,
            boolean includePreReleases);

    /**
     * A bundle's version read as a semantic version, or empty when its qualifier has no SemVer
     * reading (see {@link SemanticVersion#fromOsgiVersion(org.osgi.framework.Version)}).
     */
    Optional<SemanticVersion> versionOf(Bundle bundle);
}
