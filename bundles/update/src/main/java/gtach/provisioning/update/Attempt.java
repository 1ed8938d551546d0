package gtach.provisioning.update;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One request that reached the apply step, or a recovery after a crash.
 *
 * @param generation the generation it committed, or the one running after it failed
 * @param time when it ended
 * @param request the request, as typed
 * @param changes what it changed, or would have changed
 * @param outcome how it ended
 * @param reason why it failed; empty when it committed
 */
public record Attempt(int generation, Instant time, String request, List<String> changes, Outcome outcome,
        String reason) {

    /** How an attempt ended. */
    public enum Outcome {
        /** Its generation is the new current one. */
        COMMITTED,
        /** It failed and the previous generation was put back. */
        ROLLED_BACK,
        /** The runtime stopped mid-way; the next start put the last committed generation back. */
        RECOVERED
    }

    public Attempt {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(request, "request");
        changes = List.copyOf(changes);
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
    }
}
