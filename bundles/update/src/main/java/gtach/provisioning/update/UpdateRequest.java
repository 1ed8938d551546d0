package gtach.provisioning.update;

import gtach.provisioning.version.SemanticRange;

import java.util.Objects;
import java.util.Optional;

/**
 * What an operator asks for: install, update or uninstall one package, or update everything to its
 * newest compatible version (the same major version). Immutable.
 *
 * <p>An update without a range stays within the installed major version, as {@code update --all}
 * does, unless it allows a major change; a range says itself which versions may be chosen.
 *
 * @param action what to do
 * @param name the symbolic name; empty only for {@link Action#UPDATE_ALL}
 * @param range the versions acceptable, empty for "the newest"
 * @param preReleases whether pre-release versions may be chosen
 * @param downgrade whether a lower version than the installed one may be chosen
 * @param majorChange whether an update without a range may move to a higher major version; only
 *        for {@link Action#UPDATE} without a range and {@link Action#UPDATE_ALL} (since 1.4)
 */
public record UpdateRequest(Action action, Optional<String> name, Optional<SemanticRange> range,
        boolean preReleases, boolean downgrade, boolean majorChange) {

    /** The kinds of request. */
    public enum Action {
        INSTALL, UPDATE, UPDATE_ALL, UNINSTALL
    }

    /**
     * @throws IllegalArgumentException with one sentence when the parts do not fit together
     */
    public UpdateRequest {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(range, "range");
        if (name.isEmpty() != (action == Action.UPDATE_ALL)) {
            throw new IllegalArgumentException(action == Action.UPDATE_ALL
                    ? "An update of everything names no package."
                    : "A request to " + verb(action) + " must name a package.");
        }
        if (range.isPresent() && action != Action.INSTALL && action != Action.UPDATE) {
            throw new IllegalArgumentException("Only install and update take a version range.");
        }
        if (majorChange && action != Action.UPDATE && action != Action.UPDATE_ALL) {
            throw new IllegalArgumentException("Only update takes --major, not " + verb(action) + ".");
        }
        if (majorChange && range.isPresent()) {
            throw new IllegalArgumentException("--major is for an update without a version range; the range "
                    + range.get().text() + " already says which versions may be chosen.");
        }
    }

    /**
     * A request that stays within the installed major version when it updates without a range.
     *
     * @throws IllegalArgumentException as the canonical constructor
     */
    public UpdateRequest(Action action, Optional<String> name, Optional<SemanticRange> range, boolean preReleases,
            boolean downgrade) {
        this(action, name, range, preReleases, downgrade, false);
    }

    public static UpdateRequest install(String name, Optional<SemanticRange> range) {
        return new UpdateRequest(Action.INSTALL, Optional.of(name), range, false, false);
    }

    public static UpdateRequest update(String name, Optional<SemanticRange> range) {
        return new UpdateRequest(Action.UPDATE, Optional.of(name), range, false, false);
    }

    public static UpdateRequest updateAll() {
        return new UpdateRequest(Action.UPDATE_ALL, Optional.empty(), Optional.empty(), false, false);
    }

    public static UpdateRequest uninstall(String name) {
        return new UpdateRequest(Action.UNINSTALL, Optional.of(name), Optional.empty(), false, false);
    }

    /** The same request, allowing pre-release versions. */
    public UpdateRequest withPreReleases() {
        return new UpdateRequest(action, name, range, true, downgrade, majorChange);
    }

    /** The same request, allowing a lower version than the installed one. */
    public UpdateRequest allowingDowngrade() {
        return new UpdateRequest(action, name, range, preReleases, true, majorChange);
    }

    /**
     * The same request, allowing an update without a range to move to a higher major version.
     *
     * @throws IllegalArgumentException unless this is an update without a range or an update of everything
     * @since 1.4
     */
    public UpdateRequest allowingMajorChange() {
        return new UpdateRequest(action, name, range, preReleases, downgrade, true);
    }

    /**
     * True when the planner keeps the package within its installed major version because nothing
     * else says which versions may be chosen: an update without a range and without a major change.
     *
     * @since 1.4
     */
    public boolean withinInstalledMajor() {
        return (action == Action.UPDATE || action == Action.UPDATE_ALL) && range.isEmpty() && !majorChange;
    }

    /** The request as an operator would type it, e.g. {@code update tach [1.1,2)}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(action == Action.UPDATE_ALL ? "update --all" : verb(action));
        name.ifPresent(n -> text.append(' ').append(n));
        range.ifPresent(r -> text.append(' ').append(r.text()));
        if (preReleases) {
            text.append(" --pre");
        }
        if (downgrade) {
            text.append(" --downgrade");
        }
        if (majorChange) {
            text.append(" --major");
        }
        return text.toString();
    }

    private static String verb(Action action) {
        return action.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
