package gtach.provisioning.repository.remote;

import gtach.provisioning.repository.RepositoryException;

/**
 * A remote repository's release, index or JAR that must not be trusted: a signature that does not
 * verify with a pinned key, a release counter lower than the last one seen, expired metadata, an
 * index or JAR whose hash is not the signed one, or an index too large or malformed to read. Its
 * message is one sentence saying what was refused and why.
 */
public class TrustException extends RepositoryException {

    private static final long serialVersionUID = 1L;

    public TrustException(String message) {
        super(message);
    }

    public TrustException(String message, Throwable cause) {
        super(message, cause);
    }
}
