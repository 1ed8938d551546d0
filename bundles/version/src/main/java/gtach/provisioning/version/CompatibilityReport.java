package gtach.provisioning.version;

import org.osgi.framework.Version;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What replacing an installed bundle with a candidate would do to the running framework.
 * Immutable.
 *
 * @param symbolicName the candidate's symbolic name
 * @param candidateVersion the candidate's version
 * @param installedVersion the version of the installed bundle of that name, empty when none is
 *        installed (then nothing can lose a wire)
 * @param change how large the step from the installed version is; {@link ChangeKind#NONE} when
 *        nothing is installed
 * @param lostWires every wire an installed consumer would lose, in bundle id order
 */
public record CompatibilityReport(String symbolicName, Version candidateVersion, Optional<Version> installedVersion,
        ChangeKind change, List<LostWire> lostWires) {

    public CompatibilityReport {
        Objects.requireNonNull(symbolicName, "symbolicName");
        Objects.requireNonNull(candidateVersion, "candidateVersion");
        Objects.requireNonNull(installedVersion, "installedVersion");
        Objects.requireNonNull(change, "change");
        lostWires = List.copyOf(lostWires);
    }

    /** True when no installed consumer would lose a wire. */
    public boolean compatible() {
        return lostWires.isEmpty();
    }
}
