package gtach.provisioning.itests;

import java.time.Duration;
import java.time.Instant;

/** Waiting for what a following runtime does by itself, read from {@code gtach:follow}. */
final class FleetPolls {

    private FleetPolls() {
    }

    /** Waits until {@code gtach:follow} says {@code text}, and answers what it said; fails naming what it said last. */
    static String awaitFollow(GtachProcess runtime, String text, Duration within) throws Exception {
        Instant deadline = Instant.now().plus(within);
        String said = "";
        while (Instant.now().isBefore(deadline)) {
            said = runtime.ok("gtach:follow");
            if (said.contains(text)) {
                return said;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("gtach:follow did not come to say \"" + text + "\"; it said: " + said);
    }

    /** When the last poll ended, from {@code gtach:follow --json}. */
    static Instant lastPoll(GtachProcess runtime) throws Exception {
        String json = runtime.ok("gtach:follow --json");
        int at = json.indexOf("\"lastPoll\"");
        int start = json.indexOf('"', json.indexOf(':', at) + 1) + 1;
        return Instant.parse(json.substring(start, json.indexOf('"', start)));
    }

    /** Waits for a poll that ends after {@code last}, made by the runtime itself. */
    static void awaitPollAfter(GtachProcess runtime, Instant last, Duration within) throws Exception {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            if (lastPoll(runtime).isAfter(last)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no poll came after " + last + " by itself");
    }
}
