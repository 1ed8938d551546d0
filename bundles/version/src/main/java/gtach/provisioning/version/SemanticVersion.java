package gtach.provisioning.version;

import gtach.provisioning.version.internal.Messages;
import gtach.provisioning.version.internal.OsgiMapping;
import gtach.provisioning.version.internal.ParsedVersion;
import gtach.provisioning.version.internal.SyntaxError;
import gtach.provisioning.version.internal.VersionScanner;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.osgi.framework.Version;

/**
 * A version following <a href="https://semver.org/spec/v2.0.0.html">Semantic Versioning 2.0.0</a>
 * strictly: {@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]}.
 *
 * <p>Instances are immutable and thread-safe. Major, minor and patch are limited to
 * {@link Integer#MAX_VALUE} so that every version fits an OSGi {@link Version}; numeric
 * pre-release identifiers may be arbitrarily large.
 *
 * <h2>Ordering</h2>
 * {@link #comparePrecedence} is the SemVer precedence (section 11): build metadata is ignored and
 * a pre-release is lower than the normal version. {@link #compareTo} refines it with build
 * metadata only to stay consistent with {@link #equals}, so sorting with the natural order lists
 * versions by precedence.
 *
 * <h2>Mapping to and from OSGi</h2>
 * {@link #toOsgiVersion} keeps major, minor and patch and builds the qualifier from the
 * pre-release identifiers joined with {@code _}, followed, if there is build metadata, by
 * {@code __} and the build identifiers joined with {@code _}:
 * <pre>
 * 1.2.3                  -&gt; 1.2.3
 * 1.2.3-rc.1             -&gt; 1.2.3.rc_1
 * 1.2.3-rc.1+build.5     -&gt; 1.2.3.rc_1__build_5
 * 1.2.3+exp.sha.5114f85  -&gt; 1.2.3.__exp_sha_5114f85
 * </pre>
 * This is reversible because SemVer identifiers are never empty and never contain {@code _};
 * {@link #fromOsgiVersion} is its inverse and also reads other qualifiers that form valid
 * identifiers as a pre-release ({@code 1.0.0.SNAPSHOT} becomes {@code 1.0.0-SNAPSHOT}).
 *
 * <p><b>Ordering caveat:</b> OSGi orders a qualified version <em>above</em> the bare version
 * ({@code 1.0.0.rc_1 > 1.0.0}) while SemVer orders a pre-release <em>below</em> it
 * ({@code 1.0.0-rc.1 < 1.0.0}). Comparing mapped OSGi versions therefore does not give SemVer
 * precedence: to pick the latest version, compare {@code SemanticVersion}s.
 */
public final class SemanticVersion implements Comparable<SemanticVersion> {

    private static final String[] NONE = new String[0];

    private final int major;
    private final int minor;
    private final int patch;
    private final String[] preRelease;
    private final String[] build;
    /** Canonical text; it determines all fields, so equality and hashing use it alone. */
    private final String text;

    private SemanticVersion(int major, int minor, int patch, String[] preRelease, String[] build, String text) {
        this.major = major;
        this.minor = minor;
        this.patch = patch;
        this.preRelease = preRelease;
        this.build = build;
        this.text = text;
    }

    private SemanticVersion(ParsedVersion parts, String text) {
        this(parts.major(), parts.minor(), parts.patch(), parts.preRelease(), parts.build(), text);
    }

    /**
     * Parses a semantic version.
     *
     * <p>The text must be exactly {@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]}: no whitespace
     * anywhere, no leading zeros in numbers or numeric pre-release identifiers, no empty
     * identifiers, only {@code [0-9A-Za-z-]} in identifiers and major, minor and patch at most
     * {@link Integer#MAX_VALUE}.
     *
     * @param text the text; must not be {@code null}
     * @return the version, whose {@link #toString()} equals {@code text}
     * @throws NullPointerException if {@code text} is {@code null}
     * @throws IllegalArgumentException for any other invalid text; the message names the text in
     *     quotes, the problem and its 1-based character position, e.g.
     *     {@code Invalid semantic version "1.02.3": numeric identifier "02" has a leading zero at
     *     character 3}
     */
    public static SemanticVersion parse(String text) {
        Objects.requireNonNull(text, "text");
        try {
            // the grammar admits no alternative spellings, so the input is already canonical
            return new SemanticVersion(new VersionScanner(text, 0).version(), text);
        } catch (SyntaxError e) {
            throw new IllegalArgumentException(Messages.format("Invalid semantic version", text, e));
        }
    }

    /**
     * Returns the normal version {@code major.minor.patch}, without pre-release or build metadata.
     *
     * @param major the major version, {@code >= 0}
     * @param minor the minor version, {@code >= 0}
     * @param patch the patch version, {@code >= 0}
     * @return the version
     * @throws IllegalArgumentException if any number is negative
     */
    public static SemanticVersion of(int major, int minor, int patch) {
        requireNotNegative("major", major);
        requireNotNegative("minor", minor);
        requireNotNegative("patch", patch);
        return new SemanticVersion(major, minor, patch, NONE, NONE, major + "." + minor + "." + patch);
    }

    /**
     * Converts an OSGi version, undoing the mapping described in the class documentation. A
     * qualifier that is not the image of a SemVer version but still forms valid identifiers is
     * read as a pre-release, e.g. {@code 2.1.0.v20240101-1200} becomes
     * {@code 2.1.0-v20240101-1200}.
     *
     * @param version the OSGi version; must not be {@code null}
     * @return the semantic version; {@code fromOsgiVersion(v.toOsgiVersion()).equals(v)} holds
     *     for every semantic version {@code v}
     * @throws NullPointerException if {@code version} is {@code null}
     * @throws IllegalArgumentException if the qualifier cannot be mapped: an empty identifier
     *     (a leading or trailing {@code _}, three {@code _} in a row, ...) or a numeric
     *     pre-release identifier with a leading zero such as {@code 0123}; the message names the
     *     OSGi version and the problem
     */
    public static SemanticVersion fromOsgiVersion(Version version) {
        Objects.requireNonNull(version, "version");
        try {
            return fromParts(OsgiMapping.fromOsgiVersion(version));
        } catch (SyntaxError e) {
            throw new IllegalArgumentException(Messages.format(
                    "Cannot map OSGi version", version.toString(), " to a semantic version", e));
        }
    }

    /**
     * Converts an OSGi version like {@link #fromOsgiVersion}, but reports an unmappable qualifier
     * as an empty result instead of an exception.
     *
     * @param version the OSGi version; must not be {@code null}
     * @return the semantic version, or empty if the qualifier cannot be mapped
     * @throws NullPointerException if {@code version} is {@code null}
     */
    public static Optional<SemanticVersion> tryFromOsgiVersion(Version version) {
        Objects.requireNonNull(version, "version");
        try {
            return Optional.of(fromParts(OsgiMapping.fromOsgiVersion(version)));
        } catch (SyntaxError e) {
            return Optional.empty();
        }
    }

    /**
     * Returns the major version.
     *
     * @return the major version, {@code >= 0}
     */
    public int major() {
        return major;
    }

    /**
     * Returns the minor version.
     *
     * @return the minor version, {@code >= 0}
     */
    public int minor() {
        return minor;
    }

    /**
     * Returns the patch version.
     *
     * @return the patch version, {@code >= 0}
     */
    public int patch() {
        return patch;
    }

    /**
     * Returns the pre-release identifiers, e.g. {@code [rc, 1]} for {@code 1.0.0-rc.1}.
     *
     * @return an unmodifiable list, empty for a normal version
     */
    public List<String> preRelease() {
        return asList(preRelease);
    }

    /**
     * Returns the build metadata identifiers, e.g. {@code [exp, sha]} for {@code 1.0.0+exp.sha}.
     *
     * @return an unmodifiable list, empty when there is no build metadata
     */
    public List<String> build() {
        return asList(build);
    }

    /**
     * Tells whether this is a pre-release version.
     *
     * @return {@code true} if there is at least one pre-release identifier
     */
    public boolean isPreRelease() {
        return preRelease.length > 0;
    }

    /**
     * Compares by SemVer 2.0.0 precedence (section 11): major, minor and patch numerically; a
     * pre-release is lower than the normal version; pre-release identifiers one by one, numeric
     * ones numerically (at any size), alphanumeric ones in ASCII order, numeric lower than
     * alphanumeric, and more identifiers win when all before are equal. Build metadata is
     * ignored, so {@code 1.0.0+a} and {@code 1.0.0+b} have the same precedence.
     *
     * @param other the version to compare with; must not be {@code null}
     * @return a negative number, zero or a positive number as this version has lower, the same
     *     or higher precedence
     * @throws NullPointerException if {@code other} is {@code null}
     */
    public int comparePrecedence(SemanticVersion other) {
        int result = Integer.compare(major, other.major);
        if (result == 0) {
            result = Integer.compare(minor, other.minor);
        }
        if (result == 0) {
            result = Integer.compare(patch, other.patch);
        }
        return result != 0 ? result : comparePreRelease(preRelease, other.preRelease);
    }

    /**
     * Compares by {@link #comparePrecedence precedence} first and then, only to be consistent
     * with {@link #equals}, by build metadata: no build metadata sorts first, then identifier by
     * identifier in ASCII order, then fewer identifiers first. {@code compareTo(x) == 0} exactly
     * when {@code equals(x)}.
     *
     * @param other the version to compare with; must not be {@code null}
     * @return a negative number, zero or a positive number as this version sorts before, equal to
     *     or after {@code other}
     * @throws NullPointerException if {@code other} is {@code null}
     */
    @Override
    public int compareTo(SemanticVersion other) {
        int result = comparePrecedence(other);
        return result != 0 ? result : compareBuild(build, other.build);
    }

    /**
     * Converts to an OSGi version as described in the class documentation. Note that OSGi orders
     * the result differently from SemVer precedence when there is a pre-release.
     *
     * @return the OSGi version, never {@code null}
     */
    public Version toOsgiVersion() {
        return OsgiMapping.toOsgiVersion(major, minor, patch, preRelease, build);
    }

    /**
     * Compares all parts, build metadata included.
     *
     * @param obj any object, possibly {@code null}
     * @return {@code true} if {@code obj} is a semantic version with the same text
     */
    @Override
    public boolean equals(Object obj) {
        return obj == this || obj instanceof SemanticVersion && ((SemanticVersion) obj).text.equals(text);
    }

    /**
     * Returns a hash code consistent with {@link #equals}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /**
     * Returns the canonical SemVer text, so that {@code parse(v.toString()).equals(v)}.
     *
     * @return the text, e.g. {@code 1.0.0-rc.1+build.5}
     */
    @Override
    public String toString() {
        return text;
    }

    private static SemanticVersion fromParts(ParsedVersion parts) {
        StringBuilder out = new StringBuilder(24);
        out.append(parts.major()).append('.').append(parts.minor()).append('.').append(parts.patch());
        appendIdentifiers(out, '-', parts.preRelease());
        appendIdentifiers(out, '+', parts.build());
        return new SemanticVersion(parts, out.toString());
    }

    private static void appendIdentifiers(StringBuilder out, char lead, String[] identifiers) {
        for (int i = 0; i < identifiers.length; i++) {
            out.append(i == 0 ? lead : '.').append(identifiers[i]);
        }
    }

    private static int comparePreRelease(String[] left, String[] right) {
        // a normal version has higher precedence than any of its pre-releases
        if (left.length == 0) {
            return right.length == 0 ? 0 : 1;
        }
        if (right.length == 0) {
            return -1;
        }
        int common = Math.min(left.length, right.length);
        for (int i = 0; i < common; i++) {
            int result = compareIdentifier(left[i], right[i]);
            if (result != 0) {
                return result;
            }
        }
        return Integer.compare(left.length, right.length);
    }

    private static int compareIdentifier(String left, String right) {
        boolean leftNumeric = isNumeric(left);
        boolean rightNumeric = isNumeric(right);
        if (leftNumeric && rightNumeric) {
            // no leading zeros, so the longer number is the larger one
            int result = Integer.compare(left.length(), right.length());
            return result != 0 ? result : Integer.signum(left.compareTo(right));
        }
        if (leftNumeric != rightNumeric) {
            return leftNumeric ? -1 : 1;
        }
        // identifiers are ASCII, where String order is ASCII order
        return Integer.signum(left.compareTo(right));
    }

    private static boolean isNumeric(String identifier) {
        for (int i = 0; i < identifier.length(); i++) {
            char c = identifier.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int compareBuild(String[] left, String[] right) {
        int common = Math.min(left.length, right.length);
        for (int i = 0; i < common; i++) {
            int result = left[i].compareTo(right[i]);
            if (result != 0) {
                return Integer.signum(result);
            }
        }
        return Integer.compare(left.length, right.length);
    }

    private static List<String> asList(String[] identifiers) {
        // wrap instead of copying: the array is never modified after construction
        return identifiers.length == 0 ? List.of() : Collections.unmodifiableList(Arrays.asList(identifiers));
    }

    private static void requireNotNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(
                    "Invalid semantic version: " + name + " version " + value + " is negative");
        }
    }
}
