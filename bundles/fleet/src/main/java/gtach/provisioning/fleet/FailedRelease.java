package gtach.provisioning.fleet;

import java.time.Instant;
import java.util.Objects;

/**
 * A version a channel named that failed on this device (refused, or rolled back after it did not
 * verify, or abandoned by the boot guard), not tried again until the channel names another
 * version or an operator asks for a retry.
 *
 * @param symbolicName the package the channel names
 * @param version its version, as the channel names it
 * @param reason the update service's sentence
 * @param when when it failed
 */
public record FailedRelease(String symbolicName, String version, String reason, Instant when) {

    public FailedRelease {
        Objects.requireNonNull(symbolicName, "symbolicName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(when, "when");
    }
}
