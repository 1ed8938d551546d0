package gtach.provisioning.update.internal;

import gtach.provisioning.version.SemanticRange;
import gtach.provisioning.version.SemanticVersion;
import org.osgi.framework.Version;

import java.util.Comparator;
import java.util.Optional;

/** SemVer precedence where both versions have a SemVer reading, OSGi order otherwise. */
final class Versions {

    static final Comparator<Version> PRECEDENCE = Versions::compare;

    private Versions() {
    }

    static int compare(Version a, Version b) {
        Optional<SemanticVersion> sa = SemanticVersion.tryFromOsgiVersion(a);
        Optional<SemanticVersion> sb = SemanticVersion.tryFromOsgiVersion(b);
        if (sa.isPresent() && sb.isPresent()) {
            int c = sa.get().comparePrecedence(sb.get());
            return c != 0 ? c : a.compareTo(b);
        }
        return a.compareTo(b);
    }

    static boolean isPreRelease(Version version) {
        return SemanticVersion.tryFromOsgiVersion(version).map(SemanticVersion::isPreRelease).orElse(false);
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
