package gtach.provisioning.version;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

import org.osgi.framework.Version;

/**
 * The one order of OSGi versions used to sort versions and to pick the newest: SemVer precedence
 * where a version has a SemVer reading, OSGi order where it has none.
 *
 * <h2>The rule</h2>
 * Versions are compared by major, minor and micro first. Among versions with the same
 * {@code major.minor.micro}:
 * <ol>
 * <li>versions with a SemVer reading ({@link SemanticVersion#tryFromOsgiVersion}) come first, in
 * SemVer {@link SemanticVersion#comparePrecedence precedence}, so pre-releases come before the
 * release; versions of equal precedence (they differ only in build metadata) follow OSGi order
 * ({@link Version#compareTo});</li>
 * <li>versions without a SemVer reading come last, in OSGi order, above the release and above
 * every version of the group that has a reading. This is where OSGi puts them relative to the
 * bare version: a qualifier that cannot be read as SemVer is taken for a plain OSGi qualifier,
 * as {@link SemanticRange} does with such bounds.</li>
 * </ol>
 * For example: {@code 1.0.0.rc_1 < 1.0.0.rc_2 < 1.0.0 < 1.0.0.__build_5 < 1.0.0.rc_01 < 1.0.1}.
 *
 * <p>This is a total order: antisymmetric, transitive and consistent with {@link Version#equals}
 * ({@code compare(a, b) == 0} exactly when {@code a.equals(b)}), so it can sort lists and key a
 * {@code TreeMap}. Whenever both versions have a SemVer reading and their precedence differs, it
 * agrees with that precedence. Comparing pair by pair with "SemVer precedence when both have a
 * reading, OSGi order otherwise" is <em>not</em> transitive ({@code 1.0.0 < 1.0.0.rc_01 <
 * 1.0.0.rc_1} in OSGi order, yet {@code 1.0.0.rc_1 < 1.0.0} in SemVer), which is why the groups
 * above are kept apart.
 *
 * <h2>Qualifiers worth knowing</h2>
 * The reading is the documented mapping of {@link SemanticVersion}, which reads any qualifier
 * that forms valid SemVer identifiers as a pre-release:
 * <ul>
 * <li>{@code 1.0.0.202109301733}, a timestamp qualifier, reads as the pre-release
 * {@code 1.0.0-202109301733} (a numeric identifier): it sorts below {@code 1.0.0} and below
 * alphanumeric pre-releases such as {@code 1.0.0.alpha}, and timestamps compare numerically.
 * Likewise {@code SNAPSHOT}, {@code v20240101} and {@code beta-2} are pre-releases.</li>
 * <li>{@code 1.0.0.rc_01} has no reading, because the numeric identifier {@code 01} has a leading
 * zero, which SemVer forbids: it sorts above {@code 1.0.0} and is not a
 * {@linkplain #isPreRelease pre-release}. The same holds for {@code 0123}, for a leading or
 * trailing {@code _} and for three {@code _} in a row.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe. Arguments must not be {@code null}.
 *
 * @since 1.1
 */
public final class VersionOrder {

    /**
     * The order described in the class documentation, lowest first, as a comparator; use
     * {@code PRECEDENCE.reversed()} to list the newest first. Throws
     * {@link NullPointerException} for a {@code null} version.
     *
     * @since 1.1
     */
    public static final Comparator<Version> PRECEDENCE = VersionOrder::compare;

    private VersionOrder() {
    }

    /**
     * Compares two OSGi versions in the order described in the class documentation.
     *
     * @param left one version; must not be {@code null}
     * @param right the other version; must not be {@code null}
     * @return a negative number, zero or a positive number as {@code left} sorts before, equal to
     *     or after {@code right}; zero exactly when {@code left.equals(right)}
     * @throws NullPointerException if an argument is {@code null}
     * @since 1.1
     */
    public static int compare(Version left, Version right) {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        int result = Integer.compare(left.getMajor(), right.getMajor());
        if (result == 0) {
            result = Integer.compare(left.getMinor(), right.getMinor());
        }
        if (result == 0) {
            result = Integer.compare(left.getMicro(), right.getMicro());
        }
        if (result != 0 || left.getQualifier().equals(right.getQualifier())) {
            return result;
        }
        // only versions of one major.minor.micro with different qualifiers need their readings
        Optional<SemanticVersion> leftReading = SemanticVersion.tryFromOsgiVersion(left);
        Optional<SemanticVersion> rightReading = SemanticVersion.tryFromOsgiVersion(right);
        if (leftReading.isPresent() != rightReading.isPresent()) {
            return leftReading.isPresent() ? -1 : 1;
        }
        if (leftReading.isPresent()) {
            result = leftReading.get().comparePrecedence(rightReading.get());
        }
        return result != 0 ? result : left.compareTo(right);
    }

    /**
     * Tells whether a version is a pre-release: whether it has a SemVer reading with pre-release
     * identifiers. Exactly the pre-releases sort below their bare {@code major.minor.micro} in this
     * order. {@code 1.0.0.rc_1}, {@code 1.0.0.SNAPSHOT} and {@code 1.0.0.202109301733} are
     * pre-releases; {@code 1.0.0}, {@code 1.0.0.__build_5} and {@code 1.0.0.rc_01} (no reading)
     * are not.
     *
     * @param version the version; must not be {@code null}
     * @return {@code true} for a pre-release
     * @throws NullPointerException if {@code version} is {@code null}
     * @since 1.1
     */
    public static boolean isPreRelease(Version version) {
        Objects.requireNonNull(version, "version");
        return SemanticVersion.tryFromOsgiVersion(version).map(SemanticVersion::isPreRelease).orElse(false);
    }
}
