package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.remote.ReleaseMetadata;
import gtach.provisioning.repository.remote.TrustException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Fetches a published GTach remote: its signed {@code release.json}, verified against the pinned
 * key, the last counter seen and its expiry, then the index it signs, checked against the signed
 * SHA-256 and length and read with bounds. Both are kept under {@code <repository>/remotes/<name>/}
 * ({@code last-release.json}, {@code index.xml.gz}) only once verified, so a failed fetch leaves the
 * previous state as it was and later reads work offline.
 */
final class RemoteFetch {

    static final String RELEASE_FILE = "last-release.json";
    static final String INDEX_FILE = "index.xml.gz";
    /** The ETag and Last-Modified of the kept release, two lines (either may be empty), for a conditional request. */
    static final String VALIDATORS_FILE = "last-release.validators";
    static final long MAX_RELEASE_BYTES = 64 << 10;
    static final long MAX_INDEX_BYTES = 64L << 20;
    static final long MAX_JAR_BYTES = 256L << 20;
    /** How fetches and downloads of remotes try again; tests shorten the waits. */
    static volatile DownloadRetries retries = DownloadRetries.DEFAULT;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    /**
     * A verified release, the number of packages of the index it signs, and those packages: all of
     * them, except after a 304 to a fetch that asked only for their number, when the kept index is
     * only checked and the list is empty.
     */
    record Fetched(ReleaseMetadata release, int packages, List<RemoteIndexEntry> entries) {

        Fetched(ReleaseMetadata release, List<RemoteIndexEntry> entries) {
            this(release, entries.size(), entries);
        }
    }

    private RemoteFetch() {
    }

    /** Why a remote name cannot be used, if it cannot. */
    static Optional<String> nameProblem(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.of("a remote name is 1 to 63 lower-case letters, digits, '.', '_' or '-', beginning with a letter or digit");
        }
        return Optional.empty();
    }

    /** Why a remote base URL cannot be used, if it cannot: only https, or http on loopback unless insecure. */
    static Optional<String> locationProblem(URI base, boolean insecure) {
        if (base == null || base.getHost() == null || !base.isAbsolute() || base.getRawQuery() != null
                || base.getRawFragment() != null || base.getRawUserInfo() != null) {
            return Optional.of("it is not an absolute http or https URL with a host and without query, fragment or user");
        }
        String scheme = base.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("https")) {
            return Optional.empty();
        }
        if (!scheme.equals("http")) {
            return Optional.of("its scheme " + scheme + " is neither https nor http");
        }
        if (insecure || LOOPBACK_NAMES.contains(base.getHost().toLowerCase(java.util.Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of("plain http is accepted only on loopback (127.0.0.1, ::1, localhost) unless --insecure is given");
    }

    /** The remote's base URL with a trailing slash, so relative paths resolve beneath it. */
    static URI base(URI base) {
        String text = base.toString();
        return text.endsWith("/") ? base : URI.create(text + "/");
    }

    /**
     * What changes whenever a fetch keeps something new for a remote: the size and modification
     * time of its kept release and index; empty when nothing was fetched.
     */
    static String stamp(Path repositoryRoot, String name) {
        StringBuilder stamp = new StringBuilder();
        for (String file : List.of(RELEASE_FILE, INDEX_FILE)) {
            try {
                Path path = directory(repositoryRoot, name).resolve(file);
                stamp.append(Files.size(path)).append('@').append(Files.getLastModifiedTime(path).toMillis()).append(' ');
            } catch (IOException e) {
                stamp.append("- ");
            }
        }
        return stamp.toString();
    }

    static Path directory(Path repositoryRoot, String name) {
        return repositoryRoot.resolve("remotes").resolve(name);
    }

    /**
     * The client remotes are fetched with: redirects are not followed, {@code connectTimeout} bounds
     * connecting. One serves every fetch, so an idle poll costs no new client and selector thread.
     */
    static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** As {@link #fetch(String, URI, SigningKey, boolean, Path, Instant, Duration, String)} without credentials. */
    static Fetched fetch(String name, URI base, SigningKey pinned, boolean insecure, Path repositoryRoot,
            Instant now, Duration timeout) throws RepositoryException {
        return fetch(name, base, pinned, insecure, repositoryRoot, now, timeout, null);
    }

    /** As {@link #download(String, URI, RemoteIndexEntry, Path, Duration, String)} without credentials. */
    static void download(String name, URI base, RemoteIndexEntry entry, Path target, Duration timeout)
            throws RepositoryException {
        download(name, base, entry, target, timeout, null);
    }

    /**
     * Fetches the remote's current release and index with a client of its own, verifies them and
     * keeps them, sending {@code authorization} (null for none) as the {@code Authorization} header of
     * every request; the entries are read in any case.
     *
     * @throws RepositoryException with one sentence, the kept state untouched, when anything fails or must not be trusted
     */
    static Fetched fetch(String name, URI base, SigningKey pinned, boolean insecure, Path repositoryRoot,
            Instant now, Duration timeout, String authorization) throws RepositoryException {
        return fetch(client(timeout), new VerifiedKeptFiles(), true, name, base, pinned, insecure, repositoryRoot, now, timeout,
                authorization);
    }

    /**
     * Fetches the remote's current release and index with {@code client}, verifies them and keeps
     * them, sending {@code authorization} (null for none) as the {@code Authorization} header of every
     * request. When the release is answered 304, the kept one is checked again as a new one would be
     * (signature with the pinned key, counter, expiry, the kept index's SHA-256 and length), with
     * what {@code verified} remembers of that exact content; its index is parsed again only when
     * {@code entriesWanted}.
     *
     * @throws RepositoryException with one sentence, the kept state untouched, when anything fails or must not be trusted
     */
    static Fetched fetch(HttpClient client, VerifiedKeptFiles verified, boolean entriesWanted, String name, URI base,
            SigningKey pinned, boolean insecure, Path repositoryRoot, Instant now, Duration timeout, String authorization)
            throws RepositoryException {
        Optional<String> problem = nameProblem(name).or(() -> locationProblem(base, insecure));
        if (problem.isPresent()) {
            throw new RepositoryException("Cannot fetch remote " + name + ": " + problem.get() + "; nothing was changed.");
        }
        URI root = base(base);
        Path directory = directory(repositoryRoot, name);
        long lastSeen = lastSeenCounter(directory, pinned, verified);
        RemoteRequestTries tries = new RemoteRequestTries(retries);
        try {
            HttpRequest.Builder releaseRequest = authorized(HttpRequest.newBuilder(root.resolve("release.json")), authorization)
                    .timeout(timeout).GET();
            List<String> validators = lastSeen > 0 ? validators(directory) : List.of("", "");
            if (!validators.get(0).isEmpty()) {
                releaseRequest.header("If-None-Match", validators.get(0));
            }
            if (!validators.get(1).isEmpty()) {
                releaseRequest.header("If-Modified-Since", validators.get(1));
            }
            HttpResponse<InputStream> releaseResponse = tries.send(client, releaseRequest.build());
            if (releaseResponse.statusCode() == 304 && lastSeen > 0) {
                releaseResponse.body().close();
                return unchanged(name, directory, pinned, lastSeen, now, verified, entriesWanted);
            }
            byte[] releaseBytes = body(releaseResponse, MAX_RELEASE_BYTES, name, authorization != null, tries);
            String etag = releaseResponse.headers().firstValue("ETag").orElse("");
            String modified = releaseResponse.headers().firstValue("Last-Modified").orElse("");
            ReleaseMetadata release;
            try {
                release = verified.signed(name, releaseBytes, pinned);
                ReleaseTrust.checkCurrent(release, lastSeen, now);
            } catch (TrustException e) {
                throw refused(name, e);
            }
            URI indexUri = sameOrigin(root, release.indexPath(), name);
            // a release that signs the index kept from before (a channel moved, the expiry extended) costs no index download
            Optional<byte[]> kept = keptIndex(directory, release);
            byte[] index = kept.isPresent() ? kept.get()
                    : get(client, indexUri, Math.min(MAX_INDEX_BYTES, release.indexLength()), timeout, name, authorization, tries);
            List<RemoteIndexEntry> entries;
            DurableFiles.Content indexContent = new DurableFiles.Content(sha256(index), index.length);
            try {
                ReleaseTrust.checkIndex(release, indexContent);
                entries = RemoteIndexReader.read(new ByteArrayInputStream(index), "of remote " + name);
            } catch (TrustException e) {
                throw refused(name, e);
            }
            Files.createDirectories(directory);
            Path scratch = Files.createDirectories(repositoryRoot.resolve("tmp"));
            DurableFiles.replace(directory.resolve(INDEX_FILE), scratch, out -> out.write(index));
            DurableFiles.replace(directory.resolve(RELEASE_FILE), scratch, out -> out.write(releaseBytes));
            String keptValidators = oneLine(etag) + "\n" + oneLine(modified) + "\n";
            DurableFiles.replace(directory.resolve(VALIDATORS_FILE), scratch,
                    out -> out.write(keptValidators.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            verified.counted(name, indexContent, entries.size());
            return new Fetched(release, entries);
        } catch (IOException e) {
            throw new RepositoryException("Cannot fetch remote " + name + tries.afterAttempts() + ": " + IoErrorText.describe(e)
                    + "; nothing was changed.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RepositoryException("Cannot fetch remote " + name + ": interrupted; nothing was changed.", e);
        }
    }

    /**
     * The release and index fetched before, read offline; its signature is verified again with the
     * pinned key and the index checked against it, but not its expiry.
     */
    static Optional<Fetched> stored(Path repositoryRoot, String name, SigningKey pinned) throws RepositoryException {
        return stored(repositoryRoot, name, pinned, new VerifiedKeptFiles());
    }

    /** As {@link #stored(Path, String, SigningKey)}, the signature taken from {@code verified} when it verified that content. */
    static Optional<Fetched> stored(Path repositoryRoot, String name, SigningKey pinned, VerifiedKeptFiles verified)
            throws RepositoryException {
        Path indexFile = directory(repositoryRoot, name).resolve(INDEX_FILE);
        if (!Files.isRegularFile(indexFile)) {
            return Optional.empty();
        }
        Optional<ReleaseMetadata> kept = storedRelease(repositoryRoot, name, pinned, verified);
        if (kept.isEmpty()) {
            return Optional.empty();
        }
        try {
            ReleaseMetadata release = kept.get();
            ReleaseTrust.checkIndex(release, DurableFiles.hash(indexFile));
            try (InputStream in = Files.newInputStream(indexFile)) {
                return Optional.of(new Fetched(release, RemoteIndexReader.read(in, "of remote " + name)));
            }
        } catch (TrustException e) {
            throw new RepositoryException("The fetched state of remote " + name + " is not used: "
                    + lowerFirst(withoutPeriod(e.getMessage())) + "; fetch it again.", e);
        } catch (IOException e) {
            throw new RepositoryException("The fetched state of remote " + name + " cannot be read: "
                    + IoErrorText.describe(e) + ".", e);
        }
    }

    /**
     * The release fetched before, without its index, read offline; its signature is verified again
     * with the pinned key, but not its expiry.
     */
    static Optional<ReleaseMetadata> storedRelease(Path repositoryRoot, String name, SigningKey pinned)
            throws RepositoryException {
        return storedRelease(repositoryRoot, name, pinned, new VerifiedKeptFiles());
    }

    /** As {@link #storedRelease(Path, String, SigningKey)}, the signature taken from {@code verified} when it verified that content. */
    static Optional<ReleaseMetadata> storedRelease(Path repositoryRoot, String name, SigningKey pinned, VerifiedKeptFiles verified)
            throws RepositoryException {
        Path releaseFile = directory(repositoryRoot, name).resolve(RELEASE_FILE);
        if (!Files.isRegularFile(releaseFile)) {
            return Optional.empty();
        }
        try {
            return Optional.of(verified.signed(name, Files.readAllBytes(releaseFile), pinned));
        } catch (TrustException e) {
            throw new RepositoryException("The fetched state of remote " + name + " is not used: "
                    + lowerFirst(withoutPeriod(e.getMessage())) + "; fetch it again.", e);
        } catch (IOException e) {
            throw new RepositoryException("The fetched state of remote " + name + " cannot be read: "
                    + IoErrorText.describe(e) + ".", e);
        }
    }

    /** As {@link #download(String, URI, RemoteIndexEntry, Path, Duration, String, Consumer)} without progress. */
    static void download(String name, URI base, RemoteIndexEntry entry, Path target, Duration timeout, String authorization)
            throws RepositoryException {
        download(name, base, entry, target, timeout, authorization, line -> { });
    }

    /**
     * Downloads the JAR of a signed index entry into {@code target} with the downloader of
     * {@code gtach:add <url>}: streamed into a partial file in {@code target}'s directory, hashed as
     * it arrives, bounded by the signed size, retried, and resumed with {@code Range} by the next
     * attempt or the next call when it was cut short. Then its SHA-256 and size are checked against
     * the entry: that check is what makes resuming safe, as bytes kept from another file cannot pass
     * it. {@code timeout} bounds connecting and every silence; the whole download gets the default total.
     *
     * @param progress told how many bytes have arrived
     * @throws RepositoryException with one sentence, nothing under {@code target}'s name, when it differs or cannot be downloaded
     */
    static void download(String name, URI base, RemoteIndexEntry entry, Path target, Duration timeout, String authorization,
            Consumer<String> progress) throws RepositoryException {
        String what = entry.symbolicName() + " " + entry.version() + " of remote " + name;
        if (entry.size() > MAX_JAR_BYTES) {
            throw new RepositoryException("Cannot download " + what + ": its signed size of " + entry.size()
                    + " bytes is more than the " + Sizes.describe(MAX_JAR_BYTES) + " a package may have; nothing was changed.");
        }
        URI root = base(base);
        URI uri = sameOrigin(root, entry.url(), name);
        Duration total = timeout.compareTo(DownloadTimeouts.DEFAULT.total()) > 0 ? timeout : DownloadTimeouts.DEFAULT.total();
        HttpFetcher fetcher = new HttpFetcher(new DownloadTimeouts(timeout, total), retries, target.getParent(), SilentLogger.INSTANCE)
                .forRemote(new MavenBase(name, root, authorization));
        DurableFiles.Content content;
        try {
            content = fetcher.download(uri, target, entry.size(), progress);
        } catch (Refusal e) {
            throw new RepositoryException("The JAR " + what + " is refused: " + e.getMessage() + ", the size its signed index gives;"
                    + " nothing was changed.", e);
        } catch (IllegalArgumentException e) {
            // the downloader names the URL it was asked for; the operator knows the package
            String said = String.valueOf(e.getMessage());
            String prefix = "Cannot add " + uri;
            throw new RepositoryException(said.startsWith(prefix) ? "Cannot download " + what + said.substring(prefix.length()) : said, e);
        } catch (IOException e) {
            throw new RepositoryException("Cannot download " + what + ": " + IoErrorText.describe(e) + "; nothing was changed.", e);
        }
        try {
            ReleaseTrust.checkJar(List.of(entry), content, what);
        } catch (TrustException e) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException ignored) {
                // the caller deletes its incoming file in any case
            }
            throw new RepositoryException(withoutPeriod(e.getMessage()) + "; nothing was changed.", e);
        }
    }

    /** The index kept from an earlier fetch, when it is the one {@code release} signs (same SHA-256 and length). */
    private static Optional<byte[]> keptIndex(Path directory, ReleaseMetadata release) throws IOException {
        Path kept = directory.resolve(INDEX_FILE);
        if (!Files.isRegularFile(kept) || Files.size(kept) != release.indexLength()) {
            return Optional.empty();
        }
        byte[] bytes = Files.readAllBytes(kept);
        return sha256(bytes).equals(release.indexSha256()) ? Optional.of(bytes) : Optional.empty();
    }

    /**
     * A 304 for release.json: the kept release, checked again for its signature, the counter and its
     * expiry, and the kept index against the hash and length it signs.
     */
    private static Fetched unchanged(String name, Path directory, SigningKey pinned, long lastSeen, Instant now,
            VerifiedKeptFiles verified, boolean entriesWanted) throws RepositoryException, IOException {
        try {
            ReleaseMetadata release = verified.signed(name, Files.readAllBytes(directory.resolve(RELEASE_FILE)), pinned);
            ReleaseTrust.checkCurrent(release, lastSeen, now);
            Path index = directory.resolve(INDEX_FILE);
            if (!entriesWanted) {
                return new Fetched(release, verified.packages(name, index, release, "of remote " + name), List.of());
            }
            ReleaseTrust.checkIndex(release, DurableFiles.hash(index));
            try (InputStream in = Files.newInputStream(index)) {
                return new Fetched(release, RemoteIndexReader.read(in, "of remote " + name));
            }
        } catch (TrustException e) {
            throw refused(name, e);
        }
    }

    private static List<String> validators(Path directory) {
        try {
            // two short lines, read without a reader's 8 KiB buffer at every poll
            String[] lines = Files.readString(directory.resolve(VALIDATORS_FILE)).split("\\R", 3);
            return List.of(lines[0], lines.length > 1 ? lines[1] : "");
        } catch (IOException e) {
            return List.of("", "");
        }
    }

    private static String oneLine(String header) {
        return header.indexOf('\n') >= 0 || header.indexOf('\r') >= 0 ? "" : header.strip();
    }

    private static long lastSeenCounter(Path directory, SigningKey pinned, VerifiedKeptFiles verified) throws RepositoryException {
        Path file = directory.resolve(RELEASE_FILE);
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        try {
            return verified.signed(name(directory), Files.readAllBytes(file), pinned).counter();
        } catch (TrustException e) {
            // kept by an earlier fetch with another pinned key: its counter cannot be trusted, nor ignored
            throw new RepositoryException("Cannot fetch remote " + name(directory) + ": the release kept from an earlier fetch "
                    + "does not verify with the pinned key, so its counter cannot be checked; nothing was changed.", e);
        } catch (IOException e) {
            throw new RepositoryException("Cannot fetch remote " + name(directory) + ": its last release cannot be read: "
                    + IoErrorText.describe(e) + "; nothing was changed.", e);
        }
    }

    private static String name(Path directory) {
        return directory.getFileName().toString();
    }

    private static URI sameOrigin(URI root, String path, String name) throws RepositoryException {
        URI resolved;
        try {
            resolved = root.resolve(path).normalize();
        } catch (IllegalArgumentException e) {
            throw new RepositoryException("Cannot fetch from remote " + name + ": its path " + path
                    + " is not a valid URL; nothing was changed.", e);
        }
        boolean same = root.getScheme().equalsIgnoreCase(resolved.getScheme())
                && root.getHost().equalsIgnoreCase(String.valueOf(resolved.getHost()))
                && root.getPort() == resolved.getPort()
                && resolved.getRawPath() != null && resolved.getRawPath().startsWith(root.getRawPath());
        if (!same) {
            throw new RepositoryException("Cannot fetch " + resolved + " from remote " + name
                    + ": it lies outside the remote's base URL " + root + "; nothing was changed.");
        }
        return resolved;
    }

    /**
     * Every request goes to the remote's own origin (redirects are not followed, paths are checked
     * by sameOrigin), so its credentials reach no one else.
     */
    private static HttpRequest.Builder authorized(HttpRequest.Builder request, String authorization) {
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private static byte[] get(HttpClient client, URI uri, long maxBytes, Duration timeout, String name, String authorization,
            RemoteRequestTries tries) throws IOException, InterruptedException, RepositoryException {
        HttpRequest request = authorized(HttpRequest.newBuilder(uri), authorization).timeout(timeout).GET().build();
        return body(tries.send(client, request), maxBytes, name, authorization != null, tries);
    }

    private static byte[] body(HttpResponse<InputStream> response, long maxBytes, String name, boolean authenticated)
            throws IOException, RepositoryException {
        return body(response, maxBytes, name, authenticated, null);
    }

    private static byte[] body(HttpResponse<InputStream> response, long maxBytes, String name, boolean authenticated,
            RemoteRequestTries tries) throws IOException, RepositoryException {
        URI uri = response.uri();
        try (InputStream in = response.body()) {
            Optional<String> refusal = RemoteCredentials.refusal(name, response.statusCode(), authenticated);
            if (refusal.isPresent()) {
                throw new RepositoryException("Cannot fetch " + uri + ": " + refusal.get() + "; nothing was changed.");
            }
            if (response.statusCode() != 200) {
                throw new RepositoryException("Cannot fetch " + uri + " from remote " + name
                        + (tries == null ? "" : tries.afterAttempts()) + ": the server answered HTTP "
                        + response.statusCode() + "; nothing was changed.");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new RepositoryException("Cannot fetch " + uri + " from remote " + name + ": it is larger than the "
                            + maxBytes + " bytes expected; nothing was changed.");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static RepositoryException refused(String name, TrustException e) {
        return new RepositoryException("Remote " + name + " is refused: " + lowerFirst(withoutPeriod(e.getMessage()))
                + "; nothing was changed.", e);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String withoutPeriod(String sentence) {
        return sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
