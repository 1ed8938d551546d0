package gtach.provisioning.fleet.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which devices a release's rollout takes: a stable hash of the device's id and what the channel
 * names puts each device at one of 100 places, and a rollout of N % takes the places below N. The
 * same devices take a release at every poll, and raising the percentage only adds devices. Another
 * release (another version) spreads the devices anew, so no device is always among the first.
 */
final class Rollout {

    private Rollout() {
    }

    /** The device's place for this release, 0 to 99. */
    static int place(String deviceId, String remote, String channel, String symbolicName, String version) {
        byte[] hash = sha256(String.join("\n", deviceId, remote, channel, symbolicName, version));
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | (hash[i] & 0xff);
        }
        return (int) Long.remainderUnsigned(value, 100);
    }

    /** Whether a rollout of {@code percent} takes the device. */
    static boolean takes(int percent, int place) {
        return place < percent;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
