package gtach.provisioning.repository.internal;

import gtach.provisioning.version.SemanticVersion;
import org.osgi.framework.Version;

/** Reads the version texts operators type: OSGi ({@code 1.2.3.rc_1}) or SemVer ({@code 1.2.3-rc.1}). */
final class VersionText {

    private VersionText() {
    }

    /**
     * Parses a version. Text with {@code -} or {@code +} is tried as SemVer first, since OSGi would
     * read {@code 1.2.3-rc.1} as garbage or not at all; everything else as OSGi first.
     *
     * @return the OSGi version (SemVer text mapped with {@link SemanticVersion#toOsgiVersion()})
     * @throws IllegalArgumentException when the text is neither, with one sentence naming it
     */
    static Version parse(String text) {
        String trimmed = text.trim();
        boolean semverFirst = trimmed.indexOf('-') >= 0 || trimmed.indexOf('+') >= 0;
        if (semverFirst) {
            try {
                return SemanticVersion.parse(trimmed).toOsgiVersion();
            } catch (IllegalArgumentException notSemver) {
                // an OSGi qualifier may contain '-' too, as in 1.0.0.v2024-01
            }
        }
        try {
            return Version.parseVersion(trimmed);
        } catch (IllegalArgumentException notOsgi) {
            if (!semverFirst) {
                try {
                    return SemanticVersion.parse(trimmed).toOsgiVersion();
                } catch (IllegalArgumentException notSemver) {
                    // reported below
                }
            }
        }
        throw new IllegalArgumentException(
                "Invalid version \"" + text + "\": it is neither an OSGi version nor a semantic version.");
    }
}
