package gtach.provisioning.update.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bundles a refresh stops and starts again: those a change replaces, and, transitively,
 * every bundle wired to one of them. For each member, why it is there.
 *
 * @param reasons each member, in the order it was reached, with {@code changes} for a replaced bundle or
 *        the wire that pulls it in, such as {@code imports package bench.lib [1.0.0,2.0.0) from bench.lib 1.0.0}
 */
record RefreshSet(Map<BundleState, String> reasons) {

    static final String CHANGES = "changes";
    static final RefreshSet EMPTY = new RefreshSet(Map.of());

    RefreshSet {
        reasons = Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
    }

    Set<BundleState> members() {
        return reasons.keySet();
    }

    boolean isEmpty() {
        return reasons.isEmpty();
    }

    /** The members an operator reads in a plan: {@code symbolic-name version}, sorted. */
    List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (BundleState member : reasons.keySet()) {
            texts.add(member.symbolicName() + " " + member.version());
        }
        texts.sort(null);
        return texts;
    }
}
