package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.remote.ReleaseMetadata;
import gtach.provisioning.repository.remote.TrustException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What was last verified of the files kept for each remote, so that an idle poll, which reads its
 * kept release three or four times, checks an Ed25519 signature and counts an index once per
 * change rather than at every read. Remembered by content, never by file name or time: a release
 * is taken as signed only when its bytes and the pinned key are exactly those verified before, and
 * a count is reused only for an index whose SHA-256, computed again at every call, is the one that
 * was counted. Every answer is therefore the one verifying from scratch would give. Safe for
 * concurrent use.
 */
final class VerifiedKeptFiles {

    private record SignedRelease(byte[] bytes, SigningKey pinned, ReleaseMetadata release) {
    }

    private record CountedIndex(String sha256, long size, int packages) {
    }

    private final Map<String, SignedRelease> releases = new ConcurrentHashMap<>();
    private final Map<String, CountedIndex> indexes = new ConcurrentHashMap<>();

    /**
     * The release in {@code bytes}, its signature verified with {@code pinned}; neither its counter
     * nor its expiry is checked.
     *
     * @throws TrustException as {@link ReleaseTrust#verifySignature} throws it
     */
    ReleaseMetadata signed(String remote, byte[] bytes, SigningKey pinned) throws TrustException {
        SignedRelease known = releases.get(remote);
        if (known != null && known.pinned().equals(pinned) && Arrays.equals(known.bytes(), bytes)) {
            return known.release();
        }
        ReleaseMetadata release = ReleaseTrust.verifySignature(bytes, List.of(pinned));
        releases.put(remote, new SignedRelease(bytes.clone(), pinned, release));
        return release;
    }

    /**
     * The number of packages in the kept index {@code file}, after checking it against the SHA-256
     * and length {@code release} signs; read and parsed only when that content was not counted before.
     *
     * @param what names the index in messages
     * @throws TrustException when it differs from the signed one or cannot be parsed
     */
    int packages(String remote, Path file, ReleaseMetadata release, String what) throws TrustException, IOException {
        DurableFiles.Content content = DurableFiles.hash(file);
        ReleaseTrust.checkIndex(release, content);
        CountedIndex known = indexes.get(remote);
        if (known != null && known.sha256().equals(content.sha256()) && known.size() == content.size()) {
            return known.packages();
        }
        // hashed again from the bytes parsed, so the count is of the content its key names
        byte[] bytes = Files.readAllBytes(file);
        DurableFiles.Content read = new DurableFiles.Content(RemoteFetch.sha256(bytes), bytes.length);
        ReleaseTrust.checkIndex(release, read);
        int packages = RemoteIndexReader.read(new ByteArrayInputStream(bytes), what).size();
        counted(remote, read, packages);
        return packages;
    }

    /** Remembers the number of packages of an index just verified and parsed. */
    void counted(String remote, DurableFiles.Content index, int packages) {
        indexes.put(remote, new CountedIndex(index.sha256(), index.size(), packages));
    }

    /** Forgets a removed remote. */
    void forget(String remote) {
        releases.remove(remote);
        indexes.remove(remote);
    }
}
