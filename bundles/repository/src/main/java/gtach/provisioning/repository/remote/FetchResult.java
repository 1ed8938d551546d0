package gtach.provisioning.repository.remote;

import java.util.Objects;

/**
 * What fetching one remote gave: its verified release and the number of packages in the signed
 * index, now kept locally.
 *
 * @since 1.1
 */
public record FetchResult(String remote, ReleaseMetadata release, int packages) {

    public FetchResult {
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(release, "release");
    }
}
