package gtach.provisioning.repository.internal;

import gtach.provisioning.version.SemanticVersion;
import org.osgi.framework.Version;

import java.util.Comparator;
import java.util.Optional;

/**
 * The order of stored packages: symbolic name, then version, lowest first.
 * <p>
 * Versions are grouped by major.minor.micro. Within a group, versions with a SemVer reading come
 * first, in SemVer precedence (so {@code 1.0.0-rc.1} before {@code 1.0.0}); versions whose
 * qualifier has no SemVer reading follow in OSGi order. Comparing "SemVer where both have a
 * reading, OSGi otherwise" pair by pair would not be transitive, and sorting needs a total order.
 */
final class VersionOrder {

    static final Comparator<IndexEntry> ENTRIES = Comparator
            .comparing((IndexEntry entry) -> entry.id().symbolicName())
            .thenComparing((a, b) -> compare(a.id().version(), a.semanticVersion(), b.id().version(), b.semanticVersion()));

    private VersionOrder() {
    }

    static int compare(Version left, Optional<SemanticVersion> leftSemantic,
            Version right, Optional<SemanticVersion> rightSemantic) {
        int result = Integer.compare(left.getMajor(), right.getMajor());
        if (result == 0) {
            result = Integer.compare(left.getMinor(), right.getMinor());
        }
        if (result == 0) {
            result = Integer.compare(left.getMicro(), right.getMicro());
        }
        if (result != 0) {
            return result;
        }
        if (leftSemantic.isPresent() && rightSemantic.isPresent()) {
            result = leftSemantic.get().compareTo(rightSemantic.get());
            return result != 0 ? result : left.compareTo(right);
        }
        if (leftSemantic.isPresent() != rightSemantic.isPresent()) {
            return leftSemantic.isPresent() ? -1 : 1;
        }
        return left.compareTo(right);
    }
}
