package gtach.provisioning.update;

import gtach.provisioning.version.SemanticRange;

import java.util.Objects;
import java.util.Optional;

/**
 * What an operator asks for: install, update or uninstall one package, or update everything to its
 * newest compatible version (the same major version). Immutable.
 *
 * @param action what to do
 * @param name the symbolic name; empty only for {@link Action#UPDATE_ALL}
 * @param range the versions acceptable, empty for "the newest"
 * @param preReleases whether pre-release versions may be chosen
 * @param downgrade whether a lower version than the installed one may be chosen
 */
public record UpdateRequest(Action action, Optional<String> name, Optional<SemanticRange> range,
        boolean preReleases, boolean downgrade) {

    /** The kinds of request. */
    public enum Action {
        INSTALL, UPDATE, UPDATE_ALL, UNINSTALL
    }

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
        return new UpdateRequest(action, name, range, true, downgrade);
    }

    /** The same request, allowing a lower version than the installed one. */
    public UpdateRequest allowingDowngrade() {
        return new UpdateRequest(action, name, range, preReleases, true);
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
        return text.toString();
    }

    private static String verb(Action action) {
        return action.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
