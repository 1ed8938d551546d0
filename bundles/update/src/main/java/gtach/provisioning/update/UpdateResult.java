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
 * @param downloaded the packages fetched remotes gave before planning, as {@code symbolic-name version from
 *        remote name (size bytes)}, checked against their signed index and stored in the local repository
 *        (since 1.7); empty when none was
 * @since 1.2
 */
public record UpdateResult(Generation generation, int previous, List<Change> changes, List<String> refresh,
        List<String> downloaded) {

    public UpdateResult {
        Objects.requireNonNull(generation, "generation");
        changes = List.copyOf(changes);
        refresh = List.copyOf(refresh);
        downloaded = List.copyOf(downloaded);
    }

    /** A result with nothing downloaded. */
    public UpdateResult(Generation generation, int previous, List<Change> changes, List<String> refresh) {
        this(generation, previous, changes, refresh, List.of());
    }

    /**
     * This result, with the packages downloaded before it was planned.
     *
     * @since 1.7
     */
    public UpdateResult withDownloaded(List<String> packages) {
        return new UpdateResult(generation, previous, changes, refresh, packages);
    }

    /** True when a new generation was committed; false when the request was already satisfied. */
    public boolean changed() {
        return generation.number() != previous;
    }
}
