package gtach.provisioning.repository.remote;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one signed release of a remote repository states: the index it publishes (path relative to
 * the repository, SHA-256 in lower-case hex and length in bytes), a release counter that grows
 * with every release, when it was issued, until when it may be trusted, the id of the key that
 * signed it, its channels and where devices report their status.
 *
 * @param counter the release counter, at least 1; a lower one than the last seen is a rollback attack
 * @param issued when the release was made
 * @param expires after this instant the release is no ground for installing anything new
 * @param indexPath the index file, relative to the repository root, never null
 * @param indexSha256 the index file's SHA-256, 64 lower-case hex digits
 * @param indexLength the index file's length in bytes
 * @param keyId the first 16 hex digits of the SHA-256 of the signing public key's X.509 encoding
 * @param channels the release's channels, sorted by name, each name once; never null (null is taken
 *                 as none), an unmodifiable copy (since 1.5)
 * @param reportUrl the absolute {@code http:} or {@code https:} URL, without user or password, where
 *                  devices PUT their status after every change; null when the release gives none (since 1.5)
 * @throws IllegalArgumentException with one sentence when a component is out of range, a channel is
 *                                  named twice or the report URL is not of that form
 */
public record ReleaseMetadata(long counter, Instant issued, Instant expires, String indexPath,
        String indexSha256, long indexLength, String keyId, List<Channel> channels, String reportUrl) {

    public ReleaseMetadata {
        Objects.requireNonNull(issued, "issued");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(indexPath, "indexPath");
        Objects.requireNonNull(indexSha256, "indexSha256");
        Objects.requireNonNull(keyId, "keyId");
        if (counter < 1) {
            throw new IllegalArgumentException("A release counter must be at least 1, not " + counter + ".");
        }
        if (indexLength < 0) {
            throw new IllegalArgumentException("An index length cannot be negative: " + indexLength + ".");
        }
        List<Channel> sorted = new ArrayList<>(channels == null ? List.of() : channels);
        sorted.sort(Comparator.comparing(Channel::name));
        Set<String> names = new HashSet<>();
        for (Channel channel : sorted) {
            if (!names.add(channel.name())) {
                throw new IllegalArgumentException("Channel " + channel.name() + " is named twice.");
            }
        }
        channels = List.copyOf(sorted);
        if (reportUrl != null) {
            checkReportUrl(reportUrl);
        }
    }

    /**
     * A release without channels or report URL, as every release was before 1.5.
     */
    public ReleaseMetadata(long counter, Instant issued, Instant expires, String indexPath,
            String indexSha256, long indexLength, String keyId) {
        this(counter, issued, expires, indexPath, indexSha256, indexLength, keyId, List.of(), null);
    }

    /**
     * The channel of that name.
     *
     * @return empty when the release has none of that name (also for null)
     * @since 1.5
     */
    public Optional<Channel> channel(String name) {
        return channels.stream().filter(channel -> channel.name().equals(name)).findFirst();
    }

    private static void checkReportUrl(String reportUrl) {
        URI uri;
        try {
            uri = new URI(reportUrl);
        } catch (URISyntaxException e) {
            uri = null;
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri == null || !uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("The report URL \"" + reportUrl + "\" is not an absolute http or https URL.");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("The report URL \"" + reportUrl + "\" holds a user or password, which a"
                    + " signed release, readable by anyone, must not.");
        }
    }
}
