package gtach.provisioning.version;

import gtach.provisioning.version.internal.ReleaseQualifier;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.osgi.framework.Version;

/**
 * The one order of OSGi versions used to sort versions and to pick the newest: SemVer precedence
 * where a version has a SemVer reading, OSGi order where it has none or where its qualifier marks a
 * release.
 *
 * <h2>The rule</h2>
 * Versions are compared by major, minor and micro first. Among versions with the same
 * {@code major.minor.micro}:
 * <ol>
 * <li>versions with a SemVer reading ({@link SemanticVersion#tryFromOsgiVersion}) whose qualifier
 * is not a release qualifier (below) come first, in SemVer {@link SemanticVersion#comparePrecedence
 * precedence}, so pre-releases come before the release; versions of equal precedence (they differ
 * only in build metadata) follow OSGi order ({@link Version#compareTo});</li>
 * <li>versions with a release qualifier and versions without a SemVer reading come last, in OSGi
 * order, above the release and above every version of the first group. This is where OSGi puts
 * them relative to the bare version: a release qualifier stamps a build of that release, much like
 * build metadata, and a qualifier that cannot be read as SemVer is taken for a plain OSGi
 * qualifier, as {@link SemanticRange} does with such bounds.</li>
 * </ol>
 * For example: {@code 1.0.0.rc_1 < 1.0.0.rc_2 < 1.0.0 < 1.0.0.__build_5 < 1.0.0.202109301733 <
 * 1.0.0.RELEASE < 1.0.0.rc_01 < 1.0.1}.
 *
 * <p>This is a total order: antisymmetric, transitive and consistent with {@link Version#equals}
 * ({@code compare(a, b) == 0} exactly when {@code a.equals(b)}), so it can sort lists and key a
 * {@code TreeMap}. Whenever both versions have a SemVer reading, neither has a release qualifier
 * and their precedence differs, it agrees with that precedence. Comparing pair by pair with "SemVer
 * precedence when both have a reading, OSGi order otherwise" is <em>not</em> transitive
 * ({@code 1.0.0 < 1.0.0.rc_01 < 1.0.0.rc_1} in OSGi order, yet {@code 1.0.0.rc_1 < 1.0.0} in
 * SemVer), which is why the groups above are kept apart.
 *
 * <h2>Release qualifiers</h2>
 * The qualifiers by which OSGi, Eclipse and Maven projects stamp a release: {@code RELEASE},
 * {@code FINAL} and {@code GA} in any case, and timestamps, that is an optional {@code v}, a date
 * {@code yyyyMMdd} (year 19xx or 20xx, month 01 to 12, day 01 to 31), up to six more digits and
 * optionally {@code -} and one to six digits ({@code 202109301733}, {@code v20210930-1200}).
 * Their SemVer reading would be a pre-release ({@code 1.4.1.202109301733} reads as {@code 1.4.1-202109301733}), but
 * {@code org.osgi.service.event 1.4.1.202109301733} is the released 1.4.1, so such a version is
 * not a {@linkplain #isPreRelease pre-release}. The price: a SemVer pre-release that is nothing but
 * a timestamp, such as {@code 1.0.0-20240101}, maps to {@code 1.0.0.20240101} and is a release once
 * it is an OSGi version; {@code 1.0.0-build.20240101} is not.
 *
 * <h2>Other qualifiers worth knowing</h2>
 * The reading is the documented mapping of {@link SemanticVersion}, which reads any qualifier
 * that forms valid SemVer identifiers as a pre-release:
 * <ul>
 * <li>{@code 1.0.0.SNAPSHOT}, {@code 1.0.0.beta-2}, {@code 1.0.0.rc_1} and {@code 1.0.0.1} are
 * pre-releases: they sort below {@code 1.0.0}.</li>
 * <li>{@code 1.0.0.rc_01} has no reading, because the numeric identifier {@code 01} has a leading
 * zero, which SemVer forbids: it sorts above {@code 1.0.0} and is not a pre-release. The same
 * holds for {@code 0123}, for a leading or trailing {@code _} and for three {@code _} in a
 * row.</li>
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

    private static final String SNAPSHOT = "SNAPSHOT";

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
        Optional<SemanticVersion> leftReading = reading(left);
        Optional<SemanticVersion> rightReading = reading(right);
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
     * identifiers and no release qualifier. Exactly the pre-releases sort below their bare
     * {@code major.minor.micro} in this order. {@code 1.0.0.rc_1} and {@code 1.0.0.SNAPSHOT} are
     * pre-releases; {@code 1.0.0}, {@code 1.0.0.__build_5}, {@code 1.0.0.202109301733},
     * {@code 1.0.0.v20210930-1200}, {@code 1.0.0.Final} and {@code 1.0.0.rc_01} (no reading) are
     * not.
     *
     * @param version the version; must not be {@code null}
     * @return {@code true} for a pre-release
     * @throws NullPointerException if {@code version} is {@code null}
     * @since 1.1
     */
    public static boolean isPreRelease(Version version) {
        Objects.requireNonNull(version, "version");
        return reading(version).map(SemanticVersion::isPreRelease).orElse(false);
    }

    /**
     * Tells whether a version is a snapshot, an unreleased build that a rebuild may replace: a
     * {@linkplain #isPreRelease pre-release} whose last pre-release identifier is {@code SNAPSHOT} or
     * ends with {@code -SNAPSHOT}, in any case, as Maven names them. {@code 1.0.0.SNAPSHOT} (SemVer
     * {@code 1.0.0-SNAPSHOT}), {@code 1.0.0.rc_1_SNAPSHOT} ({@code 1.0.0-rc.1.SNAPSHOT}) and
     * {@code 1.0.0.rc-SNAPSHOT} are snapshots; {@code 1.0.0}, {@code 1.0.0.rc_1},
     * {@code 1.0.0.SNAPSHOT-1} and {@code 1.0.0.SNAPSHOTS} are not.
     *
     * @param version the version; must not be {@code null}
     * @return {@code true} for a snapshot
     * @throws NullPointerException if {@code version} is {@code null}
     * @since 1.3
     */
    public static boolean isSnapshot(Version version) {
        Objects.requireNonNull(version, "version");
        Optional<SemanticVersion> reading = reading(version);
        if (reading.isEmpty() || !reading.get().isPreRelease()) {
            return false;
        }
        List<String> identifiers = reading.get().preRelease();
        String last = identifiers.get(identifiers.size() - 1).toUpperCase(Locale.ROOT);
        return last.equals(SNAPSHOT) || last.endsWith("-" + SNAPSHOT);
    }

    /**
     * The SemVer reading this order uses: none for a version without one, and none for a release
     * qualifier, which is ordered as OSGi orders it.
     */
    static Optional<SemanticVersion> reading(Version version) {
        if (ReleaseQualifier.matches(version.getQualifier())) {
            return Optional.empty();
        }
        return SemanticVersion.tryFromOsgiVersion(version);
    }
}
