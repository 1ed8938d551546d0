package gtach.provisioning.version;

import gtach.provisioning.version.internal.Messages;
import gtach.provisioning.version.internal.SyntaxError;
import gtach.provisioning.version.internal.VersionScanner;

import java.util.Objects;

import org.osgi.framework.Version;

/**
 * One OSGi version as a person types and reads it.
 *
 * <p>{@link #parse} reads either form, strictly: an OSGi version {@code MAJOR[.MINOR[.MICRO[.QUALIFIER]]]}
 * ({@code 1.2}, {@code 1.2.3.rc_1}, {@code 1.4.1.202109301733}) or a SemVer version
 * ({@code 1.2.3-rc.1}, {@code 1.2.3+build.5}), mapped with {@link SemanticVersion#toOsgiVersion()}.
 * No whitespace, no sign, no leading zeros in numbers, no empty text: {@code 01.2}, {@code " 1.2"},
 * {@code +1} and {@code ""} are refused, although {@link Version#parseVersion} accepts them.
 *
 * <p>{@link #display} is the inverse for reading: the SemVer text where the version has a SemVer
 * reading and no {@linkplain VersionOrder release qualifier}, the OSGi text otherwise. So
 * {@code 1.2.3.rc_1} shows as {@code 1.2.3-rc.1}, {@code 1.4.1.202109301733} as itself, and
 * {@code parse(display(v)).equals(v)} for every OSGi version {@code v}.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 1.2
 */
public final class VersionText {

    private VersionText() {
    }

    /**
     * Parses one version as described in the class documentation.
     *
     * @param text the text; must not be {@code null}
     * @return the OSGi version, never {@code null}
     * @throws NullPointerException if {@code text} is {@code null}
     * @throws IllegalArgumentException for any other invalid text; the message is one sentence
     *     naming the text in quotes, the problem and its 1-based character position, e.g.
     *     {@code Invalid version "01.2": numeric identifier "01" has a leading zero at character 1}
     */
    public static Version parse(String text) {
        Objects.requireNonNull(text, "text");
        try {
            return new VersionScanner(text, 0).typedVersion();
        } catch (SyntaxError e) {
            throw new IllegalArgumentException(Messages.format("Invalid version", text, e));
        }
    }

    /**
     * The text an operator reads for a version, as described in the class documentation.
     *
     * @param version the version; must not be {@code null}
     * @return the text, never {@code null}
     * @throws NullPointerException if {@code version} is {@code null}
     */
    public static String display(Version version) {
        Objects.requireNonNull(version, "version");
        return VersionOrder.reading(version).map(SemanticVersion::toString).orElse(version.toString());
    }
}
