package gtach.provisioning.update.internal;

import gtach.provisioning.version.SemanticRange;
import gtach.provisioning.version.SemanticVersion;
import gtach.provisioning.version.VersionOrder;
import org.osgi.framework.Version;

import java.util.Optional;

/** What the update service asks of a stored version besides its order, which is {@link VersionOrder}. */
final class Versions {

    private Versions() {
    }

    static boolean isPreRelease(Version version) {
        return VersionOrder.isPreRelease(version);
    }

    static boolean includes(SemanticRange range, Version version, boolean preReleases) {
        Optional<SemanticVersion> semantic = SemanticVersion.tryFromOsgiVersion(version);
        return semantic.isPresent() ? range.includes(semantic.get(), preReleases) : range.includes(version);
    }

    /** The text an operator reads: SemVer where there is a reading, OSGi otherwise. */
    static String display(Version version) {
        return SemanticVersion.tryFromOsgiVersion(version).map(SemanticVersion::toString).orElse(version.toString());
    }
}
