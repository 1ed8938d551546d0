package gtach.provisioning.update;

import gtach.provisioning.version.VersionText;
import org.osgi.framework.Version;

import java.util.Objects;
import java.util.Optional;

/**
 * One bundle a plan installs, updates or uninstalls.
 *
 * @param kind what happens to it
 * @param symbolicName its symbolic name
 * @param from the installed OSGi version, empty for an install
 * @param to the OSGi version it will have, empty for an uninstall
 * @param reason why it is in the plan: {@code requested}, or what needs it
 */
public record Change(Kind kind, String symbolicName, Optional<String> from, Optional<String> to, String reason) {

    /** The kinds of change. */
    public enum Kind {
        INSTALL, UPDATE, UNINSTALL
    }

    public Change {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(symbolicName, "symbolicName");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * For example {@code update tach 1.0.0 -> 1.1.0}, versions in SemVer form where they have one; an
     * update to another build of the same version (a rebuild of an unreleased package, or a rollback
     * to an earlier build) reads {@code update tach 1.0.0-SNAPSHOT (other build)}.
     */
    @Override
    public String toString() {
        return switch (kind) {
            case INSTALL -> "install " + symbolicName + " " + display(to);
            case UPDATE -> "update " + symbolicName + " " + display(from)
                    + (from.equals(to) ? " (other build)" : " -> " + display(to));
            case UNINSTALL -> "uninstall " + symbolicName + " " + display(from);
        };
    }

    /**
     * An OSGi version as an operator reads it ({@link VersionText#display}): {@code 1.2.0.rc_1} is
     * {@code 1.2.0-rc.1}, a release qualifier such as {@code 1.4.1.202109301733} stays as it is.
     */
    public static String display(Optional<String> osgiVersion) {
        if (osgiVersion.isEmpty()) {
            return "";
        }
        try {
            return VersionText.display(Version.parseVersion(osgiVersion.get()));
        } catch (IllegalArgumentException e) {
            return osgiVersion.get();
        }
    }
}
