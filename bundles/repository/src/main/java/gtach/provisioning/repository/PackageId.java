package gtach.provisioning.repository;

import org.osgi.framework.Version;

import java.util.Objects;

/**
 * A stored package's identity: symbolic name and OSGi version. Immutable.
 *
 * @param symbolicName the bundle symbolic name, without directives
 * @param version the bundle version
 */
public record PackageId(String symbolicName, Version version) {

    public PackageId {
        Objects.requireNonNull(symbolicName, "symbolicName");
        Objects.requireNonNull(version, "version");
    }

    @Override
    public String toString() {
        return symbolicName + " " + version;
    }
}
