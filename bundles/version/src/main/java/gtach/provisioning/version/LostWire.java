package gtach.provisioning.version;

import org.osgi.framework.Version;

/**
 * One requirement of an installed consumer that the candidate would no longer satisfy.
 *
 * @param consumerId the consumer's bundle id
 * @param consumerSymbolicName the consumer's symbolic name
 * @param consumerVersion the consumer's version
 * @param namespace the requirement's namespace, such as {@code osgi.wiring.package}
 * @param requirement the requirement as the consumer's manifest states it, such as
 *        {@code Import-Package: gtach.tach;version="[1.0,2)"}
 * @param reason what the candidate offers instead, as a sentence fragment
 */
public record LostWire(long consumerId, String consumerSymbolicName, Version consumerVersion, String namespace,
        String requirement, String reason) {
}
