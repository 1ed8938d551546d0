package gtach.provisioning.repository;

import java.util.Optional;

/**
 * What happened to one JAR of an {@link PackageRepository#add add}.
 *
 * @param origin the JAR as the source named it (a path, URL or coordinate)
 * @param status the outcome
 * @param added the stored package, present when {@link Status#ADDED}, {@link Status#REPLACED} or
 *        {@link Status#ALREADY_PRESENT}
 * @param message one sentence for the operator: what was stored, or why nothing was
 */
public record AddOutcome(String origin, Status status, Optional<PackageInfo> added, String message) {

    /** The outcome of adding one JAR. */
    public enum Status {
        /** Stored now. */
        ADDED,
        /**
         * Stored now in place of another build of the same version: the package is unreleased (a
         * {@code -SNAPSHOT} version, or a development build). The build it replaced stays reachable by
         * its SHA-256 ({@link PackageRepository#bundleFile(PackageId, String)}) while an owner marks it in use.
         *
         * @since 1.3
         */
        REPLACED,
        /** The same name, version and content was already stored; nothing changed. */
        ALREADY_PRESENT,
        /** Not stored, for the reason in the message; nothing changed. */
        REFUSED
    }
}
