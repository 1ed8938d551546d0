package gtach.provisioning.repository;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of each package the {@link PackageRepository} has just stored: a whiteboard service, so that a bundle can
 * prepare what it will need of the new JAR before anyone asks for it. It is called on the thread that added the
 * package, after the package is stored and indexed; it must return quickly, handing longer work to a thread of its
 * own. What it throws is logged and changes nothing.
 *
 * @since 1.4
 */
@ConsumerType
public interface PackageListener {

    /**
     * @param stored the package now stored ({@link AddOutcome.Status#ADDED} or {@link AddOutcome.Status#REPLACED});
     *        its JAR is {@link PackageRepository#bundleFile(PackageId, String)} of its id and SHA-256
     */
    void stored(PackageInfo stored);
}
