package gtach.provisioning.version;

import java.util.Objects;

import org.osgi.framework.Version;

/**
 * The impact of moving from one version to another, from none to a major change. The constants
 * are declared in order of growing impact, so ordinals and {@link #compareTo} can be used to
 * find the largest change.
 *
 * <p>The classification ignores the direction: a downgrade is classified like the matching
 * upgrade. Thread-safe, like every enum.
 */
public enum ChangeKind {

    /** Same version, ignoring build metadata. */
    NONE,
    /** Only the patch version or the pre-release (OSGi: micro or qualifier) differ. */
    PATCH,
    /** The minor version differs, the major version does not. */
    MINOR,
    /** The major version differs. */
    MAJOR;

    /**
     * Classifies the change between two semantic versions: {@code MAJOR} when the major versions
     * differ, else {@code MINOR} when the minor versions differ, else {@code PATCH} when the patch
     * versions or the pre-release identifiers differ, else {@code NONE}. Build metadata is
     * ignored.
     *
     * @param from one version; must not be {@code null}
     * @param to the other version; must not be {@code null}
     * @return the kind of change, never {@code null}
     * @throws NullPointerException if an argument is {@code null}
     */
    public static ChangeKind between(SemanticVersion from, SemanticVersion to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return classify(from.major() != to.major(), from.minor() != to.minor(),
                from.patch() != to.patch() || !from.preRelease().equals(to.preRelease()));
    }

    /**
     * Classifies the change between two plain OSGi versions: {@code MAJOR} when the major
     * versions differ, else {@code MINOR} when the minor versions differ, else {@code PATCH} when
     * the micro versions or the qualifiers differ, else {@code NONE}.
     *
     * @param from one version; must not be {@code null}
     * @param to the other version; must not be {@code null}
     * @return the kind of change, never {@code null}
     * @throws NullPointerException if an argument is {@code null}
     */
    public static ChangeKind between(Version from, Version to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return classify(from.getMajor() != to.getMajor(), from.getMinor() != to.getMinor(),
                from.getMicro() != to.getMicro() || !from.getQualifier().equals(to.getQualifier()));
    }

    private static ChangeKind classify(boolean majorDiffers, boolean minorDiffers, boolean patchDiffers) {
        if (majorDiffers) {
            return MAJOR;
        }
        if (minorDiffers) {
            return MINOR;
        }
        return patchDiffers ? PATCH : NONE;
    }
}
