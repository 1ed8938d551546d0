package gtach.provisioning.update;

import java.util.Objects;
import java.util.Optional;

/**
 * One bundle a plan installs, updates or uninstalls.
 *
 * @param kind what happens to it
 * @param symbolicName its symbolic name
 * @param from the installed version, empty for an install
 * @param to the version it will have, empty for an uninstall
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

    /** For example {@code update tach 1.0.0 -> 1.1.0}. */
    @Override
    public String toString() {
        return switch (kind) {
            case INSTALL -> "install " + symbolicName + " " + to.orElse("");
            case UPDATE -> "update " + symbolicName + " " + from.orElse("") + " -> " + to.orElse("");
            case UNINSTALL -> "uninstall " + symbolicName + " " + from.orElse("");
        };
    }
}
