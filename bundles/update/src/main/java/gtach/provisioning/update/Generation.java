package gtach.provisioning.update;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A committed application bundle set. Immutable.
 *
 * @param number 1, 2, 3 … in commit order; 0 for the set that was there before any commit
 * @param time when it was committed
 * @param cause the request that made it, e.g. {@code update tach ^1.1} or {@code rollback to 3}
 * @param bundles the managed bundles, by symbolic name
 */
public record Generation(int number, Instant time, String cause, List<ManagedBundle> bundles) {

    public Generation {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(cause, "cause");
        bundles = List.copyOf(bundles);
    }
}
