package gtach.provisioning.update.internal;

import gtach.provisioning.update.Plan;

import java.util.List;

/**
 * A plan with what applying it needs: the whole managed bundle set it leads to.
 *
 * @param plan what the operator sees
 * @param target every managed bundle after the change
 */
record PlannedUpdate(Plan plan, List<TargetBundle> target) {

    PlannedUpdate {
        target = List.copyOf(target);
    }
}
