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
 */
public record Plan(UpdateRequest request, List<Change> changes, List<String> refresh) {

    public Plan {
        Objects.requireNonNull(request, "request");
        changes = List.copyOf(changes);
        refresh = List.copyOf(refresh);
    }

    /** True when the request is already satisfied. */
    public boolean isEmpty() {
        return changes.isEmpty();
    }
}
