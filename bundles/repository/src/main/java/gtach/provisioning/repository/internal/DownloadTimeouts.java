package gtach.provisioning.repository.internal;

import java.time.Duration;

/**
 * How long a download may take: {@code idle} bounds connecting and every wait for the next bytes
 * (a stalled server), {@code total} the whole download (a server that trickles).
 *
 * @throws IllegalArgumentException when either is not positive, or the idle timeout exceeds the total
 */
public record DownloadTimeouts(Duration idle, Duration total) {

    /** 30 s without a byte, 10 minutes in all. */
    public static final DownloadTimeouts DEFAULT = new DownloadTimeouts(Duration.ofSeconds(30), Duration.ofMinutes(10));

    public DownloadTimeouts {
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("The download idle timeout must be positive, not " + describe(idle) + ".");
        }
        if (total.isNegative() || total.isZero()) {
            throw new IllegalArgumentException("The download total timeout must be positive, not " + describe(total) + ".");
        }
        if (idle.compareTo(total) > 0) {
            throw new IllegalArgumentException("The download idle timeout (" + describe(idle)
                    + ") must not exceed the total timeout (" + describe(total) + ").");
        }
    }

    /** A duration as operators read it: {@code 30 s}, {@code 10 min}, {@code 250 ms}. */
    static String describe(Duration duration) {
        if (duration.toMillis() % 60_000 == 0 && !duration.isZero()) {
            return duration.toMinutes() + " min";
        }
        if (duration.toMillis() % 1000 == 0) {
            return duration.toSeconds() + " s";
        }
        return duration.toMillis() + " ms";
    }
}
