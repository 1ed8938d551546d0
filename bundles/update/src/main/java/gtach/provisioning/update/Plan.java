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
 * @param refreshReasons for each entry of {@code refresh}, in the same order, why it is there: the entry, a colon
 *        and the chain of wires back to a changed bundle, such as {@code gtach.example.display 1.0.0: needs package
 *        gtach.example.tach [1.0.0,2.0.0) from gtach.example.tach 1.0.0, which changes}, or {@code …: changes}
 *        for a bundle the plan itself replaces (since 1.10)
 * @param warnings what the plan allows but an operator should know, each one sentence without its full stop,
 *        such as a change to a package's API that needs a higher major version than its export has, which
 *        none of the bundles wired to the package uses (since 1.11)
 */
public record Plan(UpdateRequest request, List<Change> changes, List<String> refresh, List<String> downloads,
        List<String> refreshReasons, List<String> warnings) {

    /**
     * @throws IllegalArgumentException when {@code refreshReasons} is not empty and does not give one reason per
     *         entry of {@code refresh}
     */
    public Plan {
        Objects.requireNonNull(request, "request");
        changes = List.copyOf(changes);
        refresh = List.copyOf(refresh);
        downloads = List.copyOf(downloads);
        refreshReasons = List.copyOf(refreshReasons);
        warnings = List.copyOf(warnings);
        if (!refreshReasons.isEmpty() && refreshReasons.size() != refresh.size()) {
            throw new IllegalArgumentException("A plan gives one reason for each bundle it refreshes, or none, but "
                    + refreshReasons.size() + " reasons were given for " + refresh.size() + " bundles.");
        }
    }

    /** A plan without warnings (as before 1.11). */
    public Plan(UpdateRequest request, List<Change> changes, List<String> refresh, List<String> downloads,
            List<String> refreshReasons) {
        this(request, changes, refresh, downloads, refreshReasons, List.of());
    }

    /** A plan that gives no reasons for its refresh set (as before 1.10). */
    public Plan(UpdateRequest request, List<Change> changes, List<String> refresh, List<String> downloads) {
        this(request, changes, refresh, downloads, List.of());
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
