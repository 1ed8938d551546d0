package gtach.provisioning.repository.remote;

import org.osgi.framework.Version;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A channel of a release: it names one package (typically an application bundle) at one exact
 * version, taken by {@code rollout} percent of the devices that follow the channel. Raising the
 * percentage, or pointing the channel at an older version, is a new signed release.
 *
 * @param name         the channel's name, such as {@code stable} or {@code beta}: 1 to 63 lower-case
 *                     letters, digits, {@code .}, {@code _} or {@code -}, beginning with a letter or digit
 * @param symbolicName the package's OSGi symbolic name
 * @param version      the package's exact OSGi version, kept in its canonical form ({@code 1.1} becomes
 *                     {@code 1.1.0})
 * @param rollout      the percentage, 0 to 100, of the channel's devices that take this version
 * @throws IllegalArgumentException with one sentence when a component is not of that form
 * @throws NullPointerException when a component is null
 * @since 1.5
 */
public record Channel(String name, String symbolicName, String version, int rollout) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Pattern SYMBOLIC_NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    public Channel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(symbolicName, "symbolicName");
        Objects.requireNonNull(version, "version");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Channel name \"" + name + "\" is not 1 to 63 lower-case letters, digits,"
                    + " '.', '_' or '-' beginning with a letter or digit.");
        }
        if (!SYMBOLIC_NAME.matcher(symbolicName).matches()) {
            throw new IllegalArgumentException("The symbolic name \"" + symbolicName + "\" of channel " + name
                    + " is not an OSGi symbolic name.");
        }
        String canonical = canonical(version);
        if (canonical == null) {
            throw new IllegalArgumentException("The version \"" + version + "\" of channel " + name + " is not an OSGi version.");
        }
        version = canonical;
        if (rollout < 0 || rollout > 100) {
            throw new IllegalArgumentException("The rollout of channel " + name + " is " + rollout
                    + ", not a percentage from 0 to 100.");
        }
    }

    /** The canonical text of an OSGi version, or null when it is none. */
    private static String canonical(String version) {
        // OSGi reads an empty text as 0.0.0; a channel names a version it was given
        if (version.isBlank()) {
            return null;
        }
        try {
            return Version.parseVersion(version).toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
