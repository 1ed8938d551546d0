package gtach.provisioning.update.internal;

import gtach.provisioning.update.Plan;

import java.util.List;

/**
 * A plan with what applying it needs: the whole managed bundle set it leads to, and the delta from
 * the framework view it was planned against.
 *
 * @param plan what the operator sees
 * @param target every managed bundle after the change
 * @param delta what applying it does to the framework
 */
record PlannedUpdate(Plan plan, List<TargetBundle> target, Delta delta) {

    PlannedUpdate {
        target = List.copyOf(target);
    }
}
