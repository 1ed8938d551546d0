package gtach.provisioning.update.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The bundles a refresh stops and starts again: those a change replaces, and, transitively,
 * every bundle wired to one of them. For each member, why it is there; the reasons are put into
 * words only when someone reads them, since most refresh sets are only carried out.
 */
final class RefreshSet {

    static final String CHANGES = "changes";
    static final RefreshSet EMPTY = new RefreshSet(Map.of());

    private final Map<BundleState, Supplier<String>> why;

    /**
     * @param why each member, in the order it was reached, with {@code changes} for a replaced bundle or
     *        the wire that pulls it in, such as {@code needs package bench.lib [1.0.0,2.0.0) from bench.lib 1.0.0}
     */
    RefreshSet(Map<BundleState, Supplier<String>> why) {
        this.why = Collections.unmodifiableMap(new LinkedHashMap<>(why));
    }

    Set<BundleState> members() {
        return why.keySet();
    }

    boolean isEmpty() {
        return why.isEmpty();
    }

    /** Each member with why it is there, in the order the closure reached them. */
    Map<BundleState, String> reasons() {
        Map<BundleState, String> reasons = new LinkedHashMap<>();
        why.forEach((member, reason) -> reasons.put(member, reason.get()));
        return reasons;
    }

    /** The members an operator reads in a plan: {@code symbolic-name version}, sorted. */
    List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (BundleState member : why.keySet()) {
            texts.add(member.symbolicName() + " " + member.version());
        }
        texts.sort(null);
        return texts;
    }
}
