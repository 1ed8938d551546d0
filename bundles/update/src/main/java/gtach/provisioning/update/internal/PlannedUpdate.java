package gtach.provisioning.update.internal;

import gtach.provisioning.repository.remote.RemotePackage;
import gtach.provisioning.update.Plan;

import java.util.List;

/**
 * A plan with what applying it needs: the whole managed bundle set it leads to, and the delta from
 * the framework view it was planned against.
 *
 * @param plan what the operator sees
 * @param target every managed bundle after the change
 * @param delta what applying it does to the framework
 * @param downloads the packages of the target only fetched remotes have, to download before applying
 */
record PlannedUpdate(Plan plan, List<TargetBundle> target, Delta delta, List<RemotePackage> downloads) {

    PlannedUpdate {
        target = List.copyOf(target);
        downloads = List.copyOf(downloads);
    }

    PlannedUpdate(Plan plan, List<TargetBundle> target, Delta delta) {
        this(plan, target, delta, List.of());
    }
}
