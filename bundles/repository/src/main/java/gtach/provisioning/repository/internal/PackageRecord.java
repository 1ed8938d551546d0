package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.PackageInfo;

import java.util.List;

/**
 * Everything {@code package.json} holds: the summary, every capability and requirement bndlib
 * derived from the manifest, and whether the package is a development build (added with
 * {@link gtach.provisioning.repository.AddMode#DEVELOPMENT}), which a rebuild replaces. Immutable.
 */
record PackageRecord(PackageInfo info, List<CapReqRecord> capabilities, List<CapReqRecord> requirements,
        boolean development) {

    PackageRecord {
        capabilities = List.copyOf(capabilities);
        requirements = List.copyOf(requirements);
    }

    /** A release's record. */
    PackageRecord(PackageInfo info, List<CapReqRecord> capabilities, List<CapReqRecord> requirements) {
        this(info, capabilities, requirements, false);
    }

    /** The same record, as a development build or not. */
    PackageRecord asDevelopment(boolean development) {
        return new PackageRecord(info, capabilities, requirements, development);
    }
}
