package gtach.provisioning.repository.remote;

import java.net.URI;
import java.util.Objects;

/**
 * A remote repository of the published-GTach kind, as configured: its name, base URL, the id of
 * its pinned public key, and whether plain http to a host other than loopback was allowed.
 *
 * @since 1.1
 */
public record Remote(String name, URI url, String keyId, boolean insecure) {

    public Remote {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(keyId, "keyId");
    }
}
