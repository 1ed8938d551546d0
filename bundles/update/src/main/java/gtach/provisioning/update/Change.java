package gtach.provisioning.update;

import gtach.provisioning.version.VersionText;
import org.osgi.framework.Version;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One bundle a plan installs, updates, uninstalls, or only moves to another start level or starts or
 * stops.
 *
 * @param kind what happens to it
 * @param symbolicName its symbolic name
 * @param from the installed OSGi version, empty for an install
 * @param to the OSGi version it will have, empty for an uninstall
 * @param reason why it is in the plan: {@code requested}, or what needs it
 * @param fromStart the start level and state it has, when the change alters them; empty otherwise
 *        (since 1.6)
 * @param toStart the start level and state it will have: for an install, when they are not the
 *        application's default level and started; for an update or {@link Kind#SET}, when they change;
 *        empty otherwise (since 1.6)
 */
public record Change(Kind kind, String symbolicName, Optional<String> from, Optional<String> to, String reason,
        Optional<Start> fromStart, Optional<Start> toStart) {

    /** The kinds of change. */
    public enum Kind {
        INSTALL, UPDATE, UNINSTALL,
        /**
         * The same version stays; only its start level or whether it is started changes.
         *
         * @since 1.6
         */
        SET
    }

    /**
     * A bundle's start level and whether it is started.
     *
     * @param level its start level
     * @param started whether it is meant to run (false also for a fragment, which never does)
     * @since 1.6
     */
    public record Start(int level, boolean started) {

        /** For example {@code start level 3} or {@code start level 3, not started}. */
        @Override
        public String toString() {
            return "start level " + level + (started ? "" : ", not started");
        }
    }

    /**
     * @throws NullPointerException when a part is null
     * @since 1.6
     */
    public Change {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(symbolicName, "symbolicName");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(fromStart, "fromStart");
        Objects.requireNonNull(toStart, "toStart");
    }

    /** A change that leaves the start level and state as they are. */
    public Change(Kind kind, String symbolicName, Optional<String> from, Optional<String> to, String reason) {
        this(kind, symbolicName, from, to, reason, Optional.empty(), Optional.empty());
    }

    /**
     * For example {@code update tach 1.0.0 -> 1.1.0}, versions in SemVer form where they have one; an
     * update to another build of the same version (a rebuild of an unreleased package, or a rollback
     * to an earlier build) reads {@code update tach 1.0.0-SNAPSHOT (other build)}. What happens to the
     * start level and state follows: {@code install tach 1.0.0 at start level 3, not started},
     * {@code update tach 1.0.0 -> 1.1.0, start level 3 -> 4}, {@code set tach 1.0.0: not started -> started}.
     */
    @Override
    public String toString() {
        return switch (kind) {
            case INSTALL -> "install " + symbolicName + " " + display(to) + toStart.map(s -> " at " + s).orElse("");
            case UPDATE -> "update " + symbolicName + " " + display(from)
                    + (from.equals(to) ? " (other build)" : " -> " + display(to))
                    + (startChange().isEmpty() ? "" : ", " + startChange());
            case UNINSTALL -> "uninstall " + symbolicName + " " + display(from);
            case SET -> "set " + symbolicName + " " + display(to) + ": " + startChange();
        };
    }

    /**
     * What happens to the start level and state, e.g. {@code start level 3 -> 4, not started -> started};
     * empty when nothing does.
     *
     * @since 1.6
     */
    public String startChange() {
        if (fromStart.isEmpty() || toStart.isEmpty()) {
            return "";
        }
        Start before = fromStart.get();
        Start after = toStart.get();
        List<String> parts = new ArrayList<>();
        if (before.level() != after.level()) {
            parts.add("start level " + before.level() + " -> " + after.level());
        }
        if (before.started() != after.started()) {
            parts.add(started(before) + " -> " + started(after));
        }
        return String.join(", ", parts);
    }

    private static String started(Start start) {
        return start.started() ? "started" : "not started";
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
