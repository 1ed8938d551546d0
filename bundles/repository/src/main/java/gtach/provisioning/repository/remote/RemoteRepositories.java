package gtach.provisioning.repository.remote;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.RepositoryException;
import org.osgi.annotation.versioning.ProviderType;

import java.nio.file.Path;
import java.util.List;

/**
 * The remote repositories of the published-GTach kind: configured with a pinned public key,
 * fetched (signed release and index, verified and kept locally so reads work offline), and the
 * source of packages added to the local repository after their hash is checked against the signed
 * index. Every refusal is a {@link RepositoryException} of one sentence; nothing is changed then.
 *
 * @since 1.1
 */
@ProviderType
public interface RemoteRepositories {

    /**
     * Configures a remote: only {@code https:}, or {@code http:} on loopback, unless {@code insecure}.
     *
     * @param keyFile the public key file (as {@code gtach keygen} writes); its content is kept, not its path
     */
    Remote add(String name, String url, Path keyFile, boolean insecure) throws RepositoryException;

    /** The configured remotes, by name. */
    List<Remote> list() throws RepositoryException;

    /** Removes a remote's configuration and what was fetched from it. */
    Remote remove(String name) throws RepositoryException;

    /** Fetches a remote's current release and index, verifies them and keeps them. */
    FetchResult fetch(String name) throws RepositoryException;

    /** The packages of the index last fetched from a remote, read offline; empty when never fetched. */
    List<RemotePackage> packages(String name) throws RepositoryException;

    /**
     * Downloads a package named by the remote's fetched index, checks its SHA-256, size, symbolic
     * name and version against the signed entry, and adds it to the local repository.
     */
    List<AddOutcome> add(String remote, String symbolicName, String version) throws RepositoryException;
}
