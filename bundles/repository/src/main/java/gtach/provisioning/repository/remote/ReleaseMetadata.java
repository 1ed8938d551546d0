package gtach.provisioning.repository.remote;

import java.time.Instant;
import java.util.Objects;

/**
 * What one signed release of a remote repository states: the index it publishes (path relative to
 * the repository, SHA-256 in lower-case hex and length in bytes), a release counter that grows
 * with every release, when it was issued, until when it may be trusted, and the id of the key that
 * signed it.
 *
 * @param counter the release counter, at least 1; a lower one than the last seen is a rollback attack
 * @param issued when the release was made
 * @param expires after this instant the release is no ground for installing anything new
 * @param indexPath the index file, relative to the repository root, never null
 * @param indexSha256 the index file's SHA-256, 64 lower-case hex digits
 * @param indexLength the index file's length in bytes
 * @param keyId the first 16 hex digits of the SHA-256 of the signing public key's X.509 encoding
 */
public record ReleaseMetadata(long counter, Instant issued, Instant expires, String indexPath,
        String indexSha256, long indexLength, String keyId) {

    public ReleaseMetadata {
        Objects.requireNonNull(issued, "issued");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(indexPath, "indexPath");
        Objects.requireNonNull(indexSha256, "indexSha256");
        Objects.requireNonNull(keyId, "keyId");
        if (counter < 1) {
            throw new IllegalArgumentException("A release counter must be at least 1, not " + counter);
        }
        if (indexLength < 0) {
            throw new IllegalArgumentException("An index length cannot be negative: " + indexLength);
        }
    }
}
