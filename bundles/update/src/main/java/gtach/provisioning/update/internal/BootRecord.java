package gtach.provisioning.update.internal;

import java.util.List;

/**
 * How often the current generation began a boot without reaching a running application, and which
 * generations were abandoned for doing so (kept in {@code state/boots.json}).
 *
 * @param generation the generation these starts belong to
 * @param unconfirmedStarts boots that began and were not yet seen to bring the application up
 * @param abandoned generations given up after too many failed boots
 */
record BootRecord(int generation, int unconfirmedStarts, List<Integer> abandoned) {

    BootRecord {
        abandoned = List.copyOf(abandoned);
    }

    static BootRecord fresh(int generation) {
        return new BootRecord(generation, 0, List.of());
    }

    BootRecord forGeneration(int number) {
        return number == generation ? this : new BootRecord(number, 0, abandoned);
    }

    BootRecord started() {
        return new BootRecord(generation, unconfirmedStarts + 1, abandoned);
    }

    BootRecord confirmed() {
        return new BootRecord(generation, 0, abandoned);
    }
}
