package gtach.provisioning.update.internal;

import gtach.provisioning.version.SemanticRange;
import gtach.provisioning.version.VersionOrder;
import gtach.provisioning.version.VersionText;
import org.osgi.framework.Version;

/** What the update service asks of a stored version besides its order, which is {@link VersionOrder}. */
final class Versions {

    private Versions() {
    }

    static boolean isPreRelease(Version version) {
        return VersionOrder.isPreRelease(version);
    }

    static boolean includes(SemanticRange range, Version version, boolean preReleases) {
        return range.admits(version, preReleases);
    }

    /** The text an operator reads: SemVer where there is a reading, OSGi otherwise (as for release qualifiers). */
    static String display(Version version) {
        return VersionText.display(version);
    }
}
