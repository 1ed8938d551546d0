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
        RECOVERED,
        /** It was refused before anything changed (a staged JAR did not check out, say). @since 1.3 */
        REFUSED,
        /**
         * It failed and putting the previous generation back did not finish either (a bundle that did not
         * stop or start in time): requests are refused until {@code repair} or a restart finishes it.
         * @since 1.3
         */
        RESTORE_FAILED,
        /** Not a request: the framework was made to run its generation again after drift. @since 1.3 */
        REPAIRED
    }

    public Attempt {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(request, "request");
        changes = List.copyOf(changes);
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
    }
}
