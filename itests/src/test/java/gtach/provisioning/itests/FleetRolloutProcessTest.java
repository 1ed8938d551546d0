package gtach.provisioning.itests;

import gtach.provisioning.testing.NginxServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten device runtimes on one host, each with a home and a device id of its own, follow one channel
 * of a remote served by a real nginx. A release rolled out to 30 % is taken by exactly the devices
 * whose place the rollout's hash puts below 30; raised to 100 %, it is taken by the rest.
 */
class FleetRolloutProcessTest {

    private static final int DEVICES = 10;
    private static final String NAME = "gtach.fleet.rollout";

    @TempDir
    Path temp;

    @Test
    void aRolloutTakesTheDevicesItsHashPicksAndRaisingItTakesTheRest() throws Exception {
        NginxServer.requireInstalled();
        GtachProcess.tool("keygen", "fleet", "--to", temp.toString());
        Path site = temp.resolve("site");
        Path jars = temp.resolve("jars");
        TestBundles.bundle(NAME, "1.0.0").writeTo(jars.resolve("1.0.0"));
        TestBundles.bundle(NAME, "1.1.0").writeTo(jars.resolve("1.1.0"));
        GtachProcess.tool("publish", jars.resolve("1.0.0").toString(), "--to", site.toString(), "--key", temp.resolve("fleet.key").toString(),
                "--channel", "stable=" + NAME + ":1.0.0");

        List<GtachProcess> devices = new ArrayList<>();
        try (NginxServer nginx = NginxServer.serving(site).start()) {
            for (int i = 0; i < DEVICES; i++) {
                devices.add(GtachProcess.launch(temp.resolve("device-" + i)));
            }
            for (int i = 0; i < DEVICES; i++) {
                GtachProcess device = devices.get(i);
                device.awaitOutputLine("GTach runtime ready", GtachProcess.START_TIMEOUT);
                device.ok("gtach:config gtach.provisioning.fleet deviceId=device-" + i);
                device.ok("gtach:remote add --key " + temp.resolve("fleet.pub") + " fleet " + nginx.url("/"));
                device.ok("gtach:follow fleet stable");
                assertThat(device.ok("gtach:follow --poll")).as("device-" + i).contains("Runs: " + NAME + " 1.0.0");
            }

            // 1.1.0 to 30 % of the devices: those the hash places below 30, and no other
            GtachProcess.tool("publish", jars.resolve("1.1.0").toString(), "--to", site.toString(), "--key", temp.resolve("fleet.key").toString(),
                    "--channel", "stable=" + NAME + ":1.1.0", "--rollout", "30");
            List<String> expected = new ArrayList<>();
            List<String> moved = new ArrayList<>();
            for (int i = 0; i < DEVICES; i++) {
                String id = "device-" + i;
                if (place(id, "1.1.0") < 30) {
                    expected.add(id);
                }
                if (devices.get(i).ok("gtach:follow --poll").contains("Runs: " + NAME + " 1.1.0")) {
                    moved.add(id);
                }
            }
            assertThat(moved).isEqualTo(expected);

            // raised to 100 %: every device runs it
            GtachProcess.tool("publish", "--to", site.toString(), "--key", temp.resolve("fleet.key").toString(),
                    "--channel", "stable=" + NAME + ":1.1.0", "--rollout", "100");
            for (int i = 0; i < DEVICES; i++) {
                assertThat(devices.get(i).ok("gtach:follow --poll")).as("device-" + i).contains("Runs: " + NAME + " 1.1.0");
            }
            for (GtachProcess device : devices) {
                assertThat(device.stop()).isZero();
            }
        } finally {
            for (GtachProcess device : devices) {
                device.close();
            }
        }
    }

    /**
     * The rollout's place of a device, as the fleet service documents it: the first 8 bytes of the
     * SHA-256 of the device id, remote, channel, symbolic name and version (one per line), unsigned, modulo 100.
     */
    private static int place(String deviceId, String version) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(String.join("\n", deviceId, "fleet", "stable", NAME, version)
                .getBytes(StandardCharsets.UTF_8));
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | (hash[i] & 0xff);
        }
        return (int) Long.remainderUnsigned(value, 100);
    }


}
