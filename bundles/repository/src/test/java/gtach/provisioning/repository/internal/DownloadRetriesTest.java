package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/** The waits between download attempts: exponential, capped, with jitter; computed, never slept. */
class DownloadRetriesTest {

    private static final DownloadRetries RETRIES = new DownloadRetries(10, Duration.ofSeconds(1), Duration.ofSeconds(30));

    @Test
    void withoutJitterEachWaitDoublesUpToTheCap() {
        // When: a random part of 0, so nothing is taken off
        // Then
        assertThat(RETRIES.delayBefore(1, () -> 0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RETRIES.delayBefore(2, () -> 0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(RETRIES.delayBefore(3, () -> 0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(RETRIES.delayBefore(5, () -> 0)).isEqualTo(Duration.ofSeconds(16));
        assertThat(RETRIES.delayBefore(6, () -> 0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RETRIES.delayBefore(Integer.MAX_VALUE, () -> 0)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void jitterTakesOffUpToAHalf() {
        // When: the largest random part
        // Then
        assertThat(RETRIES.delayBefore(1, () -> 0.5)).isEqualTo(Duration.ofMillis(750));
        assertThat(RETRIES.delayBefore(3, () -> Math.nextDown(1.0))).isEqualTo(Duration.ofMillis(2001));
        assertThat(RETRIES.delayBefore(9, () -> Math.nextDown(1.0))).isEqualTo(Duration.ofMillis(15_001));
    }

    @Test
    void everyWaitLiesWithinItsBoundsAndTheyVary() {
        // Given
        Random random = new Random(14);
        for (int retry = 1; retry <= 12; retry++) {
            long full = Math.min(1000L << (retry - 1), 30_000);
            Set<Duration> seen = new HashSet<>();

            // When
            for (int i = 0; i < 200; i++) {
                seen.add(RETRIES.delayBefore(retry, random::nextDouble));
            }

            // Then: between a half and all of the exponential wait, never above the cap, and spread out
            assertThat(seen).allSatisfy(wait -> assertThat(wait.toMillis()).isBetween(full / 2, full));
            assertThat(seen).hasSizeGreaterThan(50);
        }
    }

    @Test
    void noRetriesMeansOneAttemptAndNoWait() {
        assertThat(DownloadRetries.NONE.attempts()).isEqualTo(1);
        assertThat(DownloadRetries.NONE.delayBefore(1, () -> 0.3)).isEqualTo(Duration.ZERO);
    }

    @Test
    void theDefaultsAreThreeAttemptsASecondApartAtFirst() {
        assertThat(DownloadRetries.DEFAULT).isEqualTo(new DownloadRetries(3, Duration.ofSeconds(1), Duration.ofSeconds(30)));
        assertThat(DownloadRetries.of(3, Duration.ofMinutes(2)).maxDelay()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void retryAfterIsReadInSecondsOrAsADate() {
        // Given
        Instant now = Instant.parse("2026-12-05T17:00:00Z");

        // Then
        assertThat(DownloadRetries.retryAfter("120", now)).contains(Duration.ofSeconds(120));
        assertThat(DownloadRetries.retryAfter(" 0 ", now)).contains(Duration.ZERO);
        assertThat(DownloadRetries.retryAfter("Sat, 05 Dec 2026 17:00:07 GMT", now)).contains(Duration.ofSeconds(7));
        assertThat(DownloadRetries.retryAfter("Sat, 05 Dec 2026 16:00:00 GMT", now)).contains(Duration.ZERO);
        assertThat(DownloadRetries.retryAfter("99999999999999999999999", now)).hasValueSatisfying(
                wait -> assertThat(wait).isGreaterThan(Duration.ofDays(365)));
        assertThat(DownloadRetries.retryAfter("soon", now)).isEmpty();
        assertThat(DownloadRetries.retryAfter("-5", now)).isEmpty();
        assertThat(DownloadRetries.retryAfter(null, now)).isEmpty();
    }

    @Test
    void unusableRetriesAreNamed() {
        assertThatThrownBy(() -> new DownloadRetries(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The download attempts must be at least 1, not 0.");
        assertThatThrownBy(() -> new DownloadRetries(3, Duration.ofMillis(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The download retry delay must not be negative, not -1 ms.");
        assertThatThrownBy(() -> new DownloadRetries(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The download retry delay (2 s) must not exceed the longest wait between attempts (1 s).");
    }
}
