package gtach.provisioning.version;

import gtach.provisioning.version.internal.Messages;
import gtach.provisioning.version.internal.RangeParser;
import gtach.provisioning.version.internal.SyntaxError;

import java.util.Objects;
import java.util.Optional;

import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

/**
 * An OSGi version range, written in OSGi syntax or in a shorthand, that can test both OSGi and
 * semantic versions.
 *
 * <h2>Syntax</h2>
 * <ul>
 * <li>OSGi syntax: {@code [1.2,2)}, {@code (1.0,2.0]}, {@code [1.2.3,1.2.3]},
 * {@code [1.0.0.SNAPSHOT,2)}.</li>
 * <li>A bare version means <em>exactly</em> that version, in OSGi form ({@code 1.2} is
 * {@code [1.2.0,1.2.0]}, {@code 1.4.1.202109301733}) or in SemVer form ({@code 1.2.3-rc.1} is
 * {@code [1.2.3.rc_1,1.2.3.rc_1]}). This is what a person typing a version means; it is
 * <em>not</em> OSGi's reading of a bare version in a manifest, "at least".</li>
 * <li>Caret, allowing changes that keep the leftmost non-zero part: {@code ^1.2.3} is
 * {@code [1.2.3,2.0.0)}, {@code ^0.2.3} is {@code [0.2.3,0.3.0)}, {@code ^0.0.3} is
 * {@code [0.0.3,0.0.4)}, {@code ^1.2} is {@code [1.2.0,2.0.0)}, {@code ^1} is
 * {@code [1.0.0,2.0.0)}, {@code ^0} is {@code [0.0.0,1.0.0)}.</li>
 * <li>Tilde, allowing patch changes: {@code ~1.2.3} is {@code [1.2.3,1.3.0)}, {@code ~1.2} is
 * {@code [1.2.0,1.3.0)}, {@code ~1} is {@code [1.0.0,2.0.0)}.</li>
 * <li>Wildcards {@code x}, {@code X} or {@code *}: {@code 1.2.x} is {@code [1.2.0,1.3.0)},
 * {@code 1.x} is {@code [1.0.0,2.0.0)}, {@code *} or {@code x} is {@code 0.0.0} (everything).</li>
 * </ul>
 * Parsing is strict: no whitespace, no sign, no leading zeros in numbers ({@code 01.2} is
 * refused), no empty text, and an OSGi range that no version can satisfy, inverted or with equal
 * bounds not both included ({@code (2,1)}, {@code [2,1]}, {@code [1.0.0,1.0.0)}), is refused.
 * Whether a range is empty is decided by {@link VersionOrder}, the order versions are chosen in.
 * A complete version after {@code ^} or {@code ~} may carry a pre-release and build metadata;
 * the lower bound is then that version, mapped to OSGi with {@link SemanticVersion#toOsgiVersion()},
 * e.g. {@code ^1.2.3-beta.1} is {@code [1.2.3.beta_1,2.0.0)}.
 *
 * <h2>Inclusion</h2>
 * {@link #includes(Version)} is plain OSGi inclusion. {@link #includes(SemanticVersion)} uses
 * SemVer precedence against the bounds converted with {@link SemanticVersion#fromOsgiVersion},
 * and excludes pre-releases unless the lower bound is itself a pre-release of the same
 * {@code major.minor.patch} (the npm rule). The two can disagree on pre-releases: OSGi orders
 * {@code 1.2.3.beta_1} above {@code 1.2.3}, so {@code ^1.2.3-beta.1} includes the semantic version
 * {@code 1.2.3} but not the OSGi version {@code 1.2.3}. A bound whose qualifier does not map to
 * SemVer identifiers (such as {@code 1.0.0.0123}) or is a {@linkplain VersionOrder release
 * qualifier} (such as {@code 1.0.0.202109301733}) is taken, as OSGi orders it, to lie just above
 * its {@code major.minor.micro}: as a lower bound it excludes that normal version, as an upper
 * bound it includes it. {@link #admits(Version, boolean)} is the rule for stored OSGi versions:
 * the bounds in {@link VersionOrder}, and the npm rule for pre-releases.
 *
 * <p>Instances are immutable and thread-safe. Equality is that of the OSGi range, so
 * {@code ^1.2.3} equals {@code [1.2.3,2.0.0)}.
 */
public final class SemanticRange {

    private final String text;
    private final VersionRange range;
    private final SemanticVersion lower;
    private final boolean lowerClosed;
    /** {@code null} when the range has no upper bound. */
    private final SemanticVersion upper;
    private final boolean upperClosed;

    private SemanticRange(String text, VersionRange range) {
        this.text = text;
        this.range = range;
        Version left = range.getLeft();
        Optional<SemanticVersion> mappedLeft = VersionOrder.reading(left);
        this.lower = mappedLeft.orElseGet(() -> normalVersion(left));
        this.lowerClosed = mappedLeft.isPresent() && range.getLeftType() == VersionRange.LEFT_CLOSED;
        Version right = range.getRight();
        if (right == null) {
            this.upper = null;
            this.upperClosed = false;
        } else {
            Optional<SemanticVersion> mappedRight = VersionOrder.reading(right);
            this.upper = mappedRight.orElseGet(() -> normalVersion(right));
            this.upperClosed = mappedRight.isEmpty() || range.getRightType() == VersionRange.RIGHT_CLOSED;
        }
    }

    /**
     * Parses a range in OSGi syntax or shorthand, or a bare version meaning exactly that version,
     * strictly, as described in the class documentation.
     *
     * @param text the range text; must not be {@code null}
     * @return the range, never {@code null}; never empty
     * @throws NullPointerException if {@code text} is {@code null}
     * @throws IllegalArgumentException for any other invalid text, including leading zeros,
     *     whitespace, ranges no version can satisfy and shorthands whose upper bound would exceed
     *     {@link Integer#MAX_VALUE} (such as {@code ^2147483647}); the message is one sentence
     *     naming the text in quotes, the problem and its 1-based character position, e.g.
     *     {@code Invalid version range "[2,1]": the upper bound 1 is below the lower bound 2, so
     *     no version fits, at character 4}
     */
    public static SemanticRange parse(String text) {
        Objects.requireNonNull(text, "text");
        try {
            return new SemanticRange(text, RangeParser.parse(text));
        } catch (SyntaxError e) {
            throw new IllegalArgumentException(Messages.format("Invalid version range", text, e));
        }
    }

    /**
     * Tells whether a stored OSGi version lies in this range the way versions are chosen for an
     * operator: between the bounds in {@link VersionOrder} (so {@code 1.0.0.rc_1} lies below
     * {@code 1.0.0} and {@code 1.0.0.202109301733} above it), and, unless pre-releases are
     * included, not a {@linkplain VersionOrder#isPreRelease pre-release} other than one of the
     * lower bound's {@code major.minor.micro} when that bound is a pre-release itself (the npm
     * rule). The versions admitted are therefore an interval of {@link VersionOrder}, less some
     * pre-releases.
     *
     * @param version the version; must not be {@code null}
     * @param includePreReleases {@code true} to admit pre-releases like any other version
     * @return {@code true} if admitted
     * @throws NullPointerException if {@code version} is {@code null}
     * @since 1.2
     */
    public boolean admits(Version version, boolean includePreReleases) {
        Objects.requireNonNull(version, "version");
        if (!includePreReleases && VersionOrder.isPreRelease(version) && !preReleaseOfLowerBound(version)) {
            return false;
        }
        int toLeft = VersionOrder.compare(version, range.getLeft());
        if (toLeft < 0 || toLeft == 0 && range.getLeftType() == VersionRange.LEFT_OPEN) {
            return false;
        }
        Version right = range.getRight();
        if (right == null) {
            return true;
        }
        int toRight = VersionOrder.compare(version, right);
        return toRight < 0 || toRight == 0 && range.getRightType() == VersionRange.RIGHT_CLOSED;
    }

    /**
     * Tells whether a semantic version lies in this range by SemVer precedence, excluding
     * pre-releases unless the lower bound is a pre-release of the same
     * {@code major.minor.patch}. Same as {@code includes(version, false)}.
     *
     * @param version the version; must not be {@code null}
     * @return {@code true} if included
     * @throws NullPointerException if {@code version} is {@code null}
     */
    public boolean includes(SemanticVersion version) {
        return includes(version, false);
    }

    /**
     * Tells whether a semantic version lies in this range by SemVer precedence.
     *
     * @param version the version; must not be {@code null}
     * @param includePreReleases {@code true} to test pre-releases by precedence like any other
     *     version; {@code false} to apply the rule of {@link #includes(SemanticVersion)}
     * @return {@code true} if included
     * @throws NullPointerException if {@code version} is {@code null}
     */
    public boolean includes(SemanticVersion version, boolean includePreReleases) {
        Objects.requireNonNull(version, "version");
        if (!includePreReleases && version.isPreRelease() && !preReleaseOfLowerBound(version)) {
            return false;
        }
        int toLower = version.comparePrecedence(lower);
        if (toLower < 0 || toLower == 0 && !lowerClosed) {
            return false;
        }
        if (upper == null) {
            return true;
        }
        int toUpper = version.comparePrecedence(upper);
        return toUpper < 0 || toUpper == 0 && upperClosed;
    }

    /**
     * Tells whether an OSGi version lies in this range, with OSGi semantics
     * ({@link VersionRange#includes}).
     *
     * @param version the version; must not be {@code null}
     * @return {@code true} if included
     * @throws NullPointerException if {@code version} is {@code null}
     */
    public boolean includes(Version version) {
        Objects.requireNonNull(version, "version");
        return range.includes(version);
    }

    /**
     * Returns the OSGi form of this range.
     *
     * @return the range, never {@code null}
     */
    public VersionRange toOsgiRange() {
        return range;
    }

    /**
     * Returns the text this range was parsed from, exactly as given.
     *
     * @return the text, never {@code null}
     */
    public String text() {
        return text;
    }

    /**
     * Compares the OSGi ranges, regardless of how they were written.
     *
     * @param obj any object, possibly {@code null}
     * @return {@code true} if {@code obj} is a range with an equal OSGi range
     */
    @Override
    public boolean equals(Object obj) {
        return obj == this || obj instanceof SemanticRange && ((SemanticRange) obj).range.equals(range);
    }

    /**
     * Returns a hash code consistent with {@link #equals}.
     *
     * @return the hash code of the OSGi range
     */
    @Override
    public int hashCode() {
        return range.hashCode();
    }

    /**
     * Returns the OSGi range text, e.g. {@code [1.2.3,2.0.0)} for {@code ^1.2.3}.
     *
     * @return {@link VersionRange#toString()} of the OSGi range
     */
    @Override
    public String toString() {
        return range.toString();
    }

    private boolean preReleaseOfLowerBound(SemanticVersion version) {
        return lower.isPreRelease()
                && lower.major() == version.major()
                && lower.minor() == version.minor()
                && lower.patch() == version.patch();
    }

    private boolean preReleaseOfLowerBound(Version version) {
        Version left = range.getLeft();
        return VersionOrder.isPreRelease(left)
                && left.getMajor() == version.getMajor()
                && left.getMinor() == version.getMinor()
                && left.getMicro() == version.getMicro();
    }

    private static SemanticVersion normalVersion(Version version) {
        return SemanticVersion.of(version.getMajor(), version.getMinor(), version.getMicro());
    }
}
