package gtach.provisioning.repository.remote;

import java.net.URI;
import java.util.Objects;

/**
 * A remote repository as configured: its name, base URL, its kind, the id of its pinned public key
 * (a published GTach repository's only; null for a Maven repository), and whether plain http to a
 * host other than loopback was allowed.
 *
 * @since 1.1
 */
public record Remote(String name, URI url, String keyId, boolean insecure, Kind kind) {

    /**
     * What a remote serves.
     *
     * @since 1.2
     */
    public enum Kind {
        /** A repository written by {@code gtach publish}: signed release metadata, an index and JARs. */
        PUBLISHED,
        /** A Maven repository, read through {@code maven-metadata.xml} when an {@code mvn:} coordinate is added. */
        MAVEN
    }

    public Remote {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.PUBLISHED) {
            Objects.requireNonNull(keyId, "keyId");
        }
    }

    /** A remote of the published-GTach kind. */
    public Remote(String name, URI url, String keyId, boolean insecure) {
        this(name, url, keyId, insecure, Kind.PUBLISHED);
    }
}
