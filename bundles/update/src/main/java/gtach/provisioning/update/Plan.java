package gtach.provisioning.update;

import java.util.List;
import java.util.Objects;

/**
 * What applying a request would do. Immutable.
 *
 * @param request what was asked
 * @param changes the installs, updates and uninstalls, by symbolic name
 * @param refresh every bundle that will be stopped, refreshed and started again, as
 *        {@code symbolic-name version}: the changed bundles and everything wired to them
 * @param downloads the packages of the plan that only fetched remotes have, which applying it
 *        downloads and verifies first, as {@code name version from remote r (N bytes)}, followed
 *        for a package the request did not name by {@code , needed by …}; empty when every package
 *        is stored locally (since 1.8)
 */
public record Plan(UpdateRequest request, List<Change> changes, List<String> refresh, List<String> downloads) {

    public Plan {
        Objects.requireNonNull(request, "request");
        changes = List.copyOf(changes);
        refresh = List.copyOf(refresh);
        downloads = List.copyOf(downloads);
    }

    /** A plan whose packages are all stored locally. */
    public Plan(UpdateRequest request, List<Change> changes, List<String> refresh) {
        this(request, changes, refresh, List.of());
    }

    /** True when the request is already satisfied. */
    public boolean isEmpty() {
        return changes.isEmpty();
    }
}
