package gtach.provisioning.repository;

import java.nio.file.Path;
import java.util.List;

/**
 * The result of re-hashing the whole repository.
 *
 * @param checked how many packages were checked
 * @param quarantined the packages found corrupt and moved out of the repository, never deleted
 */
public record VerifyReport(int checked, List<Quarantined> quarantined) {

    public VerifyReport {
        quarantined = List.copyOf(quarantined);
    }

    /**
     * A corrupt package, moved aside.
     *
     * @param id the package
     * @param reason what was wrong, as a sentence fragment (for example "bundle.jar is missing")
     * @param movedTo where its files are now, under {@code <repository>/quarantine/}
     */
    public record Quarantined(PackageId id, String reason, Path movedTo) {
    }
}
