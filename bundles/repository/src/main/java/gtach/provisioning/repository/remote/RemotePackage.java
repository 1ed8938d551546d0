package gtach.provisioning.repository.remote;

import java.util.Objects;

/**
 * A package listed in the signed index last fetched from a remote, not yet downloaded.
 *
 * @since 1.1
 */
public record RemotePackage(String remote, String symbolicName, String version, long size) {

    public RemotePackage {
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(symbolicName, "symbolicName");
        Objects.requireNonNull(version, "version");
    }
}
