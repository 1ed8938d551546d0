package gtach.provisioning.repository.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * How often a download that failed for a passing reason is tried again, and how long it waits in
 * between: {@code attempts} in all (1 never retries), the n-th retry after about
 * {@code baseDelay × 2^(n-1)}, never longer than {@code maxDelay}. A server's {@code Retry-After}
 * is honoured when it asks for no more than {@code maxDelay}. Each attempt has its own
 * {@link DownloadTimeouts}, so a download takes at most {@code attempts × total timeout} plus
 * {@code (attempts - 1) × maxDelay}.
 *
 * @throws IllegalArgumentException when attempts is less than 1, a delay negative, or the base delay exceeds the maximum
 */
public record DownloadRetries(int attempts, Duration baseDelay, Duration maxDelay) {

    /** Three attempts, 1 s then about 2 s apart, waiting 30 s at most. */
    public static final DownloadRetries DEFAULT = new DownloadRetries(3, Duration.ofSeconds(1), Duration.ofSeconds(30));

    /** A single attempt: a failure is final at once. */
    public static final DownloadRetries NONE = new DownloadRetries(1, Duration.ZERO, Duration.ZERO);

    public DownloadRetries {
        if (attempts < 1) {
            throw new IllegalArgumentException("The download attempts must be at least 1, not " + attempts + ".");
        }
        if (baseDelay.isNegative()) {
            throw new IllegalArgumentException("The download retry delay must not be negative, not "
                    + DownloadTimeouts.describe(baseDelay) + ".");
        }
        if (baseDelay.compareTo(maxDelay) > 0) {
            throw new IllegalArgumentException("The download retry delay (" + DownloadTimeouts.describe(baseDelay)
                    + ") must not exceed the longest wait between attempts (" + DownloadTimeouts.describe(maxDelay) + ").");
        }
    }

    /** {@code attempts} in all with {@code baseDelay} before the first retry, waiting 30 s at most (or the base delay, if longer). */
    public static DownloadRetries of(int attempts, Duration baseDelay) {
        Duration max = DEFAULT.maxDelay();
        return new DownloadRetries(attempts, baseDelay, baseDelay.compareTo(max) > 0 ? baseDelay : max);
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry): the exponential delay,
     * capped at {@code maxDelay}, of which a random part of up to a half is taken off so that
     * devices that failed together do not come back together. {@code random} gives numbers in [0, 1).
     */
    Duration delayBefore(int retry, DoubleSupplier random) {
        if (retry < 1) {
            throw new IllegalArgumentException("Retries are counted from 1, not " + retry + ".");
        }
        long base = baseDelay.toMillis();
        long max = maxDelay.toMillis();
        // doubling stops at the cap, so a large retry number cannot overflow
        long exponential = base;
        for (int i = 1; i < retry && exponential < max; i++) {
            exponential *= 2;
        }
        long capped = Math.min(exponential, max);
        long jitter = (long) (capped / 2.0 * random.getAsDouble());
        return Duration.ofMillis(capped - jitter);
    }

    /**
     * What a {@code Retry-After} header asks for, as a wait from {@code now}: a number of seconds
     * or an HTTP date; empty when it is absent or unreadable, and zero when the date is past.
     */
    static Optional<Duration> retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException e) {
                return Optional.of(Duration.ofSeconds(Long.MAX_VALUE / 1000)); // too many digits: far too long
            }
        }
        try {
            Instant when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(when.isAfter(now) ? Duration.between(now, when) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
