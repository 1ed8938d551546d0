package gtach.provisioning.repository.remote;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.RepositoryException;
import org.osgi.annotation.versioning.ProviderType;
import org.osgi.service.repository.Repository;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The remote repositories. Of the published-GTach kind: configured with a pinned public key,
 * fetched (signed release and index, verified and kept locally so reads work offline), and the
 * source of packages added to the local repository after their hash is checked against the signed
 * index. Of the Maven kind: asked for {@code mvn:} coordinates when they are added. Every refusal
 * is a {@link RepositoryException} of one sentence; nothing is changed then.
 *
 * @since 1.1
 */
@ProviderType
public interface RemoteRepositories {

    /**
     * The attribute of the {@code osgi.identity} capability of a resource of {@link #candidates()}
     * that names the remote it comes from.
     *
     * @since 1.4
     */
    String REMOTE_ATTRIBUTE = "gtach.remote";

    /**
     * Configures a remote: only {@code https:}, or {@code http:} on loopback, unless {@code insecure}.
     *
     * @param keyFile the public key file (as {@code gtach keygen} writes); its content is kept, not its path
     */
    Remote add(String name, String url, Path keyFile, boolean insecure) throws RepositoryException;

    /**
     * Configures a Maven repository as a remote: {@code mvn:} coordinates, ranges, {@code LATEST}
     * and {@code RELEASE} the local Maven repository lacks are looked up there when added, in the
     * order the Maven remotes were added. The same URL rule as {@link #add(String, String, Path, boolean)}.
     *
     * @since 1.2
     */
    Remote addMaven(String name, String url, boolean insecure) throws RepositoryException;

    /**
     * As {@link #add(String, String, Path, boolean)}, authenticating every request to the remote
     * with {@code credentials} (none when null). The secret is kept owner-only beside what is
     * fetched, never in Config Admin, never printed nor logged.
     *
     * @since 1.3
     */
    default Remote add(String name, String url, Path keyFile, boolean insecure, Credentials credentials)
            throws RepositoryException {
        if (credentials != null) {
            throw new RepositoryException("Cannot add remote " + name + ": credentials are not supported here; nothing was changed.");
        }
        return add(name, url, keyFile, insecure);
    }

    /**
     * As {@link #addMaven(String, String, boolean)}, authenticating every request to the remote
     * with {@code credentials} (none when null), kept as for {@link #add(String, String, Path, boolean, Credentials)}.
     *
     * @since 1.3
     */
    default Remote addMaven(String name, String url, boolean insecure, Credentials credentials) throws RepositoryException {
        if (credentials != null) {
            throw new RepositoryException("Cannot add remote " + name + ": credentials are not supported here; nothing was changed.");
        }
        return addMaven(name, url, insecure);
    }

    /**
     * What a remote authenticates with, without its secret: {@code basic (user alice)} or
     * {@code bearer token}; empty when it has no credentials.
     *
     * @since 1.3
     */
    default Optional<String> credentials(String name) throws RepositoryException {
        return Optional.empty();
    }

    /** The configured remotes of both kinds, by name. */
    List<Remote> list() throws RepositoryException;

    /**
     * The configured remotes that need an operator's eye, one sentence each naming the remote: a
     * kept release that has expired, and a remote added with {@code insecure}. Empty when none.
     *
     * @since 1.2
     */
    List<String> problems() throws RepositoryException;

    /** Removes a remote's configuration and what was fetched from it. */
    Remote remove(String name) throws RepositoryException;

    /**
     * Fetches a published remote's current release and index, verifies them and keeps them; a Maven
     * remote is refused, as it is read only when a coordinate is added.
     */
    FetchResult fetch(String name) throws RepositoryException;

    /** The packages of the index last fetched from a remote, read offline; empty when never fetched. */
    List<RemotePackage> packages(String name) throws RepositoryException;

    /**
     * The release last fetched from a published remote and kept, with its channels and report URL,
     * read offline. Its signature is checked again with the pinned key; its expiry is not, so an
     * expired release is returned too (its {@link ReleaseMetadata#expires()} says so). Does not block
     * on the network; safe to call from any thread.
     *
     * @return empty when the remote was never fetched
     * @throws RepositoryException with one sentence when no remote of that name is configured, when it
     *                             is a Maven remote, which has no release, or when the kept release
     *                             cannot be read or no longer verifies with the pinned key
     * @since 1.5
     */
    Optional<ReleaseMetadata> release(String name) throws RepositoryException;

    /**
     * Downloads a package named by the remote's fetched index, checks its SHA-256, size, symbolic
     * name and version against the signed entry, and adds it to the local repository.
     */
    List<AddOutcome> add(String remote, String symbolicName, String version) throws RepositoryException;

    /**
     * The packages of every fetched published remote whose release has not expired, as an OSGi
     * repository a resolver can take candidates from, read offline. Each resource has the
     * capabilities and requirements of its signed index entry; its {@code osgi.identity} capability
     * also carries {@link #REMOTE_ATTRIBUTE}, and its {@code osgi.content} capability the absolute
     * URL, SHA-256 and size. A resource a resolution picks is installed only after
     * {@link #add(String, String, String)} has downloaded and verified it.
     *
     * @since 1.4
     */
    Repository candidates() throws RepositoryException;
}
