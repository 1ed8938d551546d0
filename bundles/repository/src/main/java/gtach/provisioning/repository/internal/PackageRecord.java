package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.PackageInfo;

import java.util.List;

/**
 * Everything {@code package.json} holds: the summary and every capability and requirement
 * bndlib derived from the manifest. Immutable.
 */
record PackageRecord(PackageInfo info, List<CapReqRecord> capabilities, List<CapReqRecord> requirements) {

    PackageRecord {
        capabilities = List.copyOf(capabilities);
        requirements = List.copyOf(requirements);
    }
}
