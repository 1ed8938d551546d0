package gtach.provisioning.update;

import java.util.List;
import java.util.Objects;

/**
 * What an applied request or a rollback did. Immutable.
 *
 * @param generation the generation running now: a new one, or the previous one when there was nothing to do
 * @param previous the number of the generation that ran before
 * @param changes the installs, updates and uninstalls it made, old version to new, by symbolic name
 * @param refresh every bundle it stopped, refreshed and started again, as {@code symbolic-name version}
 * @since 1.2
 */
public record UpdateResult(Generation generation, int previous, List<Change> changes, List<String> refresh) {

    public UpdateResult {
        Objects.requireNonNull(generation, "generation");
        changes = List.copyOf(changes);
        refresh = List.copyOf(refresh);
    }

    /** True when a new generation was committed; false when the request was already satisfied. */
    public boolean changed() {
        return generation.number() != previous;
    }
}
