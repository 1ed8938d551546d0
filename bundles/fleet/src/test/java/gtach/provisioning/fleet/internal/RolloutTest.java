package gtach.provisioning.fleet.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutTest {

    private static List<String> devices(int count) {
        return IntStream.range(0, count).mapToObj(i -> "device-" + i).toList();
    }

    private static List<String> taken(List<String> devices, int percent, String version) {
        List<String> taken = new ArrayList<>();
        for (String device : devices) {
            if (Rollout.takes(percent, Rollout.place(device, "fleet", "stable", "gtach.example.app", version))) {
                taken.add(device);
            }
        }
        return taken;
    }

    @Test
    void aDevicesPlaceIsTheSameAtEveryPollAndBetween0And99() {
        for (String device : devices(200)) {
            int place = Rollout.place(device, "fleet", "stable", "gtach.example.app", "1.1.0");
            assertThat(place).isBetween(0, 99).isEqualTo(Rollout.place(device, "fleet", "stable", "gtach.example.app", "1.1.0"));
        }
    }

    @Test
    void aRolloutTakesAboutItsShareAndRaisingItOnlyAddsDevices() {
        List<String> fleet = devices(2000);
        List<String> quarter = taken(fleet, 25, "1.1.0");
        List<String> half = taken(fleet, 50, "1.1.0");

        assertThat(quarter.size()).isBetween(400, 600);
        assertThat(half.size()).isBetween(900, 1100);
        assertThat(half).containsAll(quarter);
        assertThat(taken(fleet, 100, "1.1.0")).hasSize(2000);
        assertThat(taken(fleet, 0, "1.1.0")).isEmpty();
    }

    @Test
    void anotherReleaseSpreadsTheDevicesAnew() {
        List<String> fleet = devices(2000);
        List<String> first = taken(fleet, 25, "1.1.0");
        List<String> next = taken(fleet, 25, "1.2.0");

        assertThat(next).isNotEqualTo(first);
        List<String> both = new ArrayList<>(first);
        both.retainAll(next);
        // independent draws of a quarter share about a sixteenth
        assertThat(both.size()).isBetween(60, 200);
    }
}
