package gtach.provisioning.update.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
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

    /**
     * How a member was reached.
     *
     * @param wire the wire that pulls it in, such as {@code needs package bench.lib [1.0.0,2.0.0) from bench.lib 1.0.0},
     *        or {@link #CHANGES} for a replaced bundle
     * @param from the member at the other end of that wire; null for a replaced bundle
     */
    record Link(Supplier<String> wire, BundleState from) {

        static Link changed() {
            return new Link(() -> CHANGES, null);
        }
    }

    private final Map<BundleState, Link> links;

    /** @param links each member, in the order it was reached, with how */
    RefreshSet(Map<BundleState, Link> links) {
        this.links = Collections.unmodifiableMap(new LinkedHashMap<>(links));
    }

    Set<BundleState> members() {
        return links.keySet();
    }

    boolean isEmpty() {
        return links.isEmpty();
    }

    int size() {
        return links.size();
    }

    /** Each member with the one wire that pulled it in, in the order the closure reached them. */
    Map<BundleState, String> reasons() {
        Map<BundleState, String> reasons = new LinkedHashMap<>();
        links.forEach((member, link) -> reasons.put(member, link.wire().get()));
        return reasons;
    }

    /** Whether this member is there only because of a wire, not because a change replaces it. */
    boolean pulledIn(BundleState member) {
        Link link = links.get(member);
        return link != null && link.from() != null;
    }

    /**
     * The chain of wires from a member back to the change that pulls it in, e.g.
     * {@code needs package b.api [1.0.0,2.0.0) from b 1.0.0, which needs package lib [1.0.0,2.0.0) from lib 1.0.0, which changes};
     * just {@code changes} for a replaced bundle.
     */
    String chain(BundleState member) {
        List<String> wires = new ArrayList<>();
        for (BundleState at = member; at != null; ) {
            Link link = links.get(at);
            wires.add(link.wire().get());
            at = link.from();
        }
        return String.join(", which ", wires);
    }

    /** The members an operator reads in a plan: {@code symbolic-name version}, sorted. */
    List<String> texts() {
        return sorted().stream().map(RefreshSet::text).toList();
    }

    /** For each member, in the order of {@link #texts()}: {@code symbolic-name version: } and its {@link #chain}. */
    List<String> chains() {
        return sorted().stream().map(member -> text(member) + ": " + chain(member)).toList();
    }

    private List<BundleState> sorted() {
        List<BundleState> sorted = new ArrayList<>(links.keySet());
        sorted.sort(Comparator.comparing(RefreshSet::text));
        return sorted;
    }

    private static String text(BundleState member) {
        return member.symbolicName() + " " + member.version();
    }
}
