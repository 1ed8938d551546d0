package gtach.provisioning.repository.internal;

import java.net.URI;

/**
 * A Maven repository as {@code mvn:} lookups reach it: the remote's name (null for one given only
 * by URL), its base URL, and the {@code Authorization} value sent to its origin (null when none).
 */
record MavenBase(String name, URI base, String authorization) {

    /** A Maven repository known only by its URL, without credentials. */
    static MavenBase anonymous(URI base) {
        return new MavenBase(null, base, null);
    }

    @Override
    public String toString() {
        // the Authorization value is a secret
        return name == null ? base.toString() : name + " " + base;
    }
}
