package gtach.provisioning.repository.internal;

import org.osgi.service.log.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Downloads a JAR over {@code http} or {@code https}, following redirects within the URL's origin
 * (scheme, host and port) only, with an idle and a total timeout and a size limit, resuming an
 * interrupted download of the same URL where the server supports ranges. A failure that may pass (a connection
 * refused or reset, a timeout, a body cut short, HTTP 429, 500, 502, 503 or 504) is tried again as
 * {@link DownloadRetries} say, resuming what arrived; any other is final at once. A source that cannot be
 * reached, answers with an error or stalls is reported as an {@link IllegalArgumentException} of one sentence,
 * which names the number of attempts when there were several.
 * <p>
 * {@link HttpURLConnection} rather than {@code java.net.http.HttpClient}: its read timeout bounds
 * every wait for bytes, where the client's body stream would block forever, and it starts no
 * threads that outlive a download. (When a download of less than 512 KiB fails half-way, the JDK
 * may drain the rest of it on its keep-alive cleaner thread, which gives up within 5 s by itself.)
 */
final class HttpFetcher {

    private static final int MAX_REDIRECTS = 5;
    private static final String PARTIAL_SUFFIX = ".download";
    /** Beside a partial download, the ETag or Last-Modified of what it holds the beginning of. */
    private static final String VALIDATOR_SUFFIX = ".validator";
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final DownloadTimeouts timeouts;
    private final DownloadRetries retries;
    private final Path partials;
    private final Logger log;
    /** The named remote downloads are for, whose credentials go to its origin only; null when none. */
    private final MavenBase remote;

    /** As {@link #HttpFetcher(DownloadTimeouts, DownloadRetries, Path, Logger)} with the {@link DownloadRetries#DEFAULT default retries}. */
    HttpFetcher(DownloadTimeouts timeouts, Path partials, Logger log) {
        this(timeouts, DownloadRetries.DEFAULT, partials, log);
    }

    /** @param partials where interrupted downloads keep their bytes, one file per URL, to be resumed */
    HttpFetcher(DownloadTimeouts timeouts, DownloadRetries retries, Path partials, Logger log) {
        this.timeouts = timeouts;
        this.retries = retries;
        this.partials = partials;
        this.log = log;
        this.remote = null;
    }

    private HttpFetcher(HttpFetcher fetcher, MavenBase remote) {
        this.timeouts = fetcher.timeouts;
        this.retries = fetcher.retries;
        this.partials = fetcher.partials;
        this.log = fetcher.log;
        this.remote = remote;
    }

    /**
     * This fetcher for downloads from {@code remote}: its {@code Authorization} value, if any, is
     * sent to its origin and nowhere else, and a 401 or 403 is named as the remote's refusal.
     */
    HttpFetcher forRemote(MavenBase remote) {
        return new HttpFetcher(this, remote);
    }

    /**
     * Downloads {@code url} into a new file, telling {@code progress} how many bytes have arrived
     * and when it tries again. Blocks at most about the total timeout per attempt, plus the waits
     * between attempts. A download cut by a timeout or a closed connection keeps what arrived in the
     * partial file of its URL; the next attempt, or the next download of that URL, asks only for the
     * rest ({@code Range}), and starts afresh when the server sends all of it again.
     *
     * @return the SHA-256 and size of the file, computed as its bytes arrived (a resumed download reads
     *         what it kept from an earlier call once), so the finished file is not read back
     * @throws IllegalArgumentException when the URL cannot be fetched, or a timeout ends the last attempt
     * @throws Refusal when the JAR is larger than {@code maxBytes}
     * @throws IOException when the file cannot be written; the partial file is then deleted, and a
     *         {@link FileSystemException} names the directory that could not take it
     */
    DurableFiles.Content download(URI url, Path target, long maxBytes, Consumer<String> progress) throws Refusal, IOException {
        Path partial = partials.resolve(partialName(url));
        try (FileChannel file = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = tryLock(file);
            // the SHA-256 is computed as the bytes arrive, carried over from one attempt to the next
            PartialDigest digest = new PartialDigest();
            if (lock == null) {
                // another download of the same URL holds the partial file: this one starts afresh beside it
                try (FileChannel fresh = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    retrying(url, progress, () -> fetch(url, fresh, target, null, maxBytes, digest, progress));
                    fresh.force(true);
                }
                return digest.finish();
            }
            // the partial file is deleted or moved while locked, so no other download is handed a stale one
            Path validator = partials.resolve(partial.getFileName() + VALIDATOR_SUFFIX);
            try {
                retrying(url, progress, () -> fetch(url, file, partial, validator, maxBytes, digest, progress));
                file.force(true);
                Files.move(partial, target);
                Files.deleteIfExists(validator);
                return digest.finish();
            } catch (Transient e) {
                if (file.size() == 0 || !Files.exists(validator)) {
                    Files.deleteIfExists(partial);
                    Files.deleteIfExists(validator);
                } else {
                    log.debug("Keeping {} bytes of {} in {} to resume", file.size(), url, partial);
                }
                throw e;
            } catch (Refusal | IOException | RuntimeException e) {
                // a disk too full for the rest is freed of the beginning too: it cannot be resumed there
                Files.deleteIfExists(partial);
                Files.deleteIfExists(validator);
                throw e;
            } finally {
                lock.release();
            }
        }
    }

    /** One try at a download. */
    @FunctionalInterface
    private interface Attempt {
        void run() throws Refusal, IOException;
    }

    /**
     * Runs {@code attempt} until it succeeds, fails for a reason that will not pass, or has been
     * tried as often as the retries allow, waiting longer before each retry.
     */
    private void retrying(URI url, Consumer<String> progress, Attempt attempt) throws Refusal, IOException {
        for (int made = 1; ; made++) {
            try {
                attempt.run();
                return;
            } catch (Transient e) {
                if (!e.retriable || made >= retries.attempts()) {
                    throw made == 1 ? e : e.after(made);
                }
                Duration wait = retries.delayBefore(made, ThreadLocalRandom.current()::nextDouble);
                if (e.retryAfter != null) {
                    if (e.retryAfter.compareTo(retries.maxDelay()) > 0) {
                        throw new Transient(url, e.reason + " and asked for a retry after "
                                + DownloadTimeouts.describe(e.retryAfter) + ", longer than the "
                                + DownloadTimeouts.describe(retries.maxDelay()) + " a download waits between attempts", e, false, null).after(made);
                    }
                    wait = e.retryAfter.compareTo(wait) > 0 ? e.retryAfter : wait;
                }
                log.warn("Downloading {} failed ({}); trying again in {}, attempt {} of {}", url, e.reason,
                        DownloadTimeouts.describe(wait), made + 1, retries.attempts());
                progress.accept("Downloading " + url + ": " + e.reason + "; trying again in " + DownloadTimeouts.describe(wait));
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e.after(made);
                }
            }
        }
    }

    /** The partial file's name: the URL's SHA-256, so any URL makes a safe name. */
    static String partialName(URI url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest) + PARTIAL_SUFFIX;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Whether a name in the partial downloads' directory is a partial download's. */
    static boolean isPartial(String name) {
        return name.endsWith(PARTIAL_SUFFIX) || name.endsWith(PARTIAL_SUFFIX + VALIDATOR_SUFFIX);
    }

    private static FileLock tryLock(FileChannel file) throws IOException {
        try {
            return file.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /**
     * Downloads into {@code file}: the rest of it when it already holds bytes, {@code validator}
     * names what they are the beginning of, and the server sends a range of that, all of it
     * otherwise. {@code validator} is null when the file is not kept.
     */
    private void fetch(URI url, FileChannel file, Path path, Path validator, long maxBytes, PartialDigest digest,
            Consumer<String> progress) throws Refusal, IOException {
        AtomicReference<HttpURLConnection> open = new AtomicReference<>();
        try (DownloadDeadline deadline = DownloadDeadline.start(timeouts.total(), () -> disconnect(open.get()),
                "gtach-download-deadline")) {
            String ifRange = validator == null ? null : readValidator(validator);
            if (ifRange == null) {
                // bytes of no known version cannot be resumed: appending may mix two versions of the JAR
                file.truncate(0);
            }
            long offset = file.size();
            HttpURLConnection connection;
            try {
                connection = answer(url, open, offset, ifRange);
                if (offset > 0 && connection.getResponseCode() == 416) {
                    // the partial file is not a beginning of what is served now
                    file.truncate(0);
                    offset = 0;
                    connection = answer(url, open, 0, null);
                }
            } catch (IOException e) {
                throw deadline.expired() ? totalTimeout(url, e) : unreachable(url, e);
            }
            if (connection.getResponseCode() == 206) {
                if (offset == 0 || rangeStart(connection) != offset) {
                    throw new IllegalArgumentException("Cannot add " + url + ": the server answered HTTP 206 with a range ("
                            + connection.getHeaderField("Content-Range") + ") other than the one asked for; nothing was changed.");
                }
                log.debug("Resuming {} after {} bytes", url, offset);
            } else if (offset > 0) {
                log.debug("Restarting {}: the server sends all of it again", url);
                file.truncate(0);
                offset = 0;
            }
            if (validator != null && offset == 0) {
                writeValidator(validator, connection);
            }
            long length = connection.getContentLengthLong();
            if (length >= 0 && offset + length > maxBytes) {
                throw new Refusal("it is larger than " + Sizes.describe(maxBytes));
            }
            log.debug("Downloading {} ({} bytes announced)", url, length >= 0 ? length : "no size");
            String of = length >= 0 ? " of " + Sizes.approximate(offset + length) : "";
            long start = offset;
            digest.continueAt(file, start);
            try (InputStream body = new SourceStream(connection.getInputStream(),
                    bytes -> progress.accept("Downloading " + url + ": " + Sizes.approximate(start + bytes) + of))) {
                long received = append(body, file, path, start, maxBytes, digest);
                if (deadline.expired()) {
                    // a stream closed by the watchdog may look like a short body rather than fail
                    throw totalTimeout(url, null);
                }
                if (length >= 0 && received != length) {
                    // the JDK ends a body that is shorter than announced as if it were complete
                    throw new Transient(url, "the server closed the connection after " + received + " of the " + length
                            + " bytes it announced", null, true, null);
                }
            } catch (SourceStream.ReadFailure e) {
                if (deadline.expired()) {
                    throw totalTimeout(url, e);
                }
                if (e.getCause() instanceof SocketTimeoutException) {
                    throw new Transient(url, "no data arrived for " + DownloadTimeouts.describe(timeouts.idle())
                            + " (the download idle timeout)", e, true, null);
                }
                throw new Transient(url, "the download failed (" + e.getMessage() + ")", e, true, null);
            } catch (DurableFiles.TooLargeException e) {
                throw new Refusal("it is larger than " + Sizes.describe(maxBytes), e);
            }
        } finally {
            disconnect(open.get());
        }
    }

    /**
     * Writes {@code body} into {@code file} (at {@code path}) from {@code position} on, adding it to {@code digest};
     * returns how many bytes it held.
     *
     * @throws FileSystemException naming the directory when the file cannot be written, a full disk above all
     */
    private static long append(InputStream body, FileChannel file, Path path, long position, long maxBytes, PartialDigest digest)
            throws IOException {
        long received = 0;
        try (BackgroundDigest hashing = new BackgroundDigest(digest)) {
            while (true) {
                byte[] buffer = hashing.buffer();
                int read = body.read(buffer);
                if (read < 0) {
                    hashing.giveBack(buffer);
                    return received;
                }
                if (position + received + read > maxBytes) {
                    throw new DurableFiles.TooLargeException(maxBytes);
                }
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
                try {
                    while (chunk.hasRemaining()) {
                        file.write(chunk, position + received + chunk.position());
                    }
                } catch (IOException e) {
                    // the JDK names neither file nor directory, and only the directory tells where space is missing
                    FileSystemException named = new FileSystemException(String.valueOf(path.toAbsolutePath().getParent()), null,
                            e.getMessage());
                    named.initCause(e);
                    throw named;
                }
                hashing.add(buffer, read);
                received += read;
            }
        }
    }

    private static String readValidator(Path validator) throws IOException {
        try {
            String value = Files.readString(validator, StandardCharsets.UTF_8).trim();
            return value.isEmpty() ? null : value;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Records the answer's strong ETag, else its Last-Modified; with neither, the download cannot be resumed. */
    private static void writeValidator(Path validator, HttpURLConnection connection) throws IOException {
        String etag = connection.getHeaderField("ETag");
        String value = etag != null && !etag.startsWith("W/") ? etag : connection.getHeaderField("Last-Modified");
        if (value == null || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            Files.deleteIfExists(validator);
        } else {
            Files.writeString(validator, value, StandardCharsets.UTF_8);
        }
    }

    private static long rangeStart(HttpURLConnection connection) {
        String range = connection.getHeaderField("Content-Range");
        Matcher matcher = range == null ? null : CONTENT_RANGE.matcher(range.trim());
        return matcher != null && matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
    }

    /** Connects and reads the answer's headers, following redirects; the answer is a success. */
    private HttpURLConnection answer(URI url, AtomicReference<HttpURLConnection> open, long offset, String ifRange)
            throws IOException {
        URI current = url;
        for (int redirects = 0; ; redirects++) {
            HttpURLConnection connection = (HttpURLConnection) current.toURL().openConnection();
            disconnect(open.getAndSet(connection));
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout((int) timeouts.idle().toMillis());
            connection.setReadTimeout((int) timeouts.idle().toMillis());
            if (remote != null && remote.authorization() != null && origin(current).equals(origin(remote.base()))) {
                connection.setRequestProperty("Authorization", remote.authorization());
            }
            if (offset > 0) {
                connection.setRequestProperty("Range", "bytes=" + offset + "-");
                // the server sends all of it, rather than a range, when it changed since
                connection.setRequestProperty("If-Range", ifRange);
            }
            try {
                connection.connect();
            } catch (SocketTimeoutException e) {
                throw new ConnectTimeout(e);
            }
            int status = connection.getResponseCode();
            if (status >= 200 && status <= 299 || offset > 0 && status == 416) {
                return connection;
            }
            String location = connection.getHeaderField("Location");
            if (status == 404) {
                throw new NotFound("Cannot add " + url + ": the server answered HTTP 404; nothing was changed.");
            }
            if (remote != null && remote.name() != null) {
                Optional<String> refusal = RemoteCredentials.refusal(remote.name(), status, remote.authorization() != null);
                if (refusal.isPresent()) {
                    throw new IllegalArgumentException("Cannot add " + url + ": " + refusal.get() + "; nothing was changed.");
                }
            }
            if (passing(status)) {
                throw new Transient(url, "the server answered HTTP " + status + meaning(status), null, true,
                        DownloadRetries.retryAfter(connection.getHeaderField("Retry-After"), Instant.now()).orElse(null));
            }
            if (status / 100 != 3 || location == null) {
                throw new IllegalArgumentException("Cannot add " + url + ": the server answered HTTP " + status
                        + meaning(status) + "; nothing was changed.");
            }
            if (redirects == MAX_REDIRECTS) {
                throw new IllegalArgumentException("Cannot add " + url + ": it was redirected more than " + MAX_REDIRECTS
                        + " times; nothing was changed.");
            }
            current = redirect(url, current, location);
        }
    }

    private static URI redirect(URI url, URI from, String location) {
        URI to;
        try {
            to = from.resolve(new URI(location));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Cannot add " + url + ": it was redirected to an invalid URL (" + location
                    + "); nothing was changed.", e);
        }
        String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("Cannot add " + url + ": it was redirected to " + to
                    + ", which is not followed; nothing was changed.");
        }
        // another origin could be anyone's: what the operator named is where the JAR comes from
        if (!origin(to).equals(origin(from))) {
            throw new IllegalArgumentException("Cannot add " + url + ": it was redirected to " + to
                    + ", another origin, which downloads do not follow; nothing was changed.");
        }
        return to;
    }

    /** Scheme, host and port, the port made explicit, in lower case. */
    private static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + ":" + port;
    }

    /** Statuses that say the server may answer better a little later. */
    private static boolean passing(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    /** What an error status tells an operator to do, where that is more than its number. */
    private static String meaning(int status) {
        return switch (status) {
            case 429 -> " (too many requests)";
            case 401 -> " (authentication required: the credentials are missing or wrong)";
            case 403 -> " (forbidden: the credentials, if any, do not grant access)";
            default -> "";
        };
    }

    private IllegalArgumentException totalTimeout(URI url, IOException e) {
        return new Transient(url, "the download took longer than " + DownloadTimeouts.describe(timeouts.total())
                + " (the download total timeout)", e, true, null);
    }

    private IllegalArgumentException unreachable(URI url, IOException e) {
        String reason;
        if (e instanceof ConnectTimeout) {
            reason = "the connection timed out after " + DownloadTimeouts.describe(timeouts.idle()) + " (the download idle timeout)";
        } else if (e instanceof SocketTimeoutException) {
            reason = "the server did not answer within " + DownloadTimeouts.describe(timeouts.idle())
                    + " (the download idle timeout)";
        } else if (e instanceof UnknownHostException) {
            reason = "the host " + url.getHost() + " is unknown";
        } else if (e instanceof ConnectException) {
            reason = "connection refused";
        } else {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        // a host that is unknown, or a failed TLS handshake, will be the same a second later
        boolean retriable = e instanceof SocketException || e instanceof SocketTimeoutException || e instanceof ConnectTimeout
                || e instanceof EOFException;
        return new Transient(url, reason, e, retriable, null);
    }

    private static void disconnect(HttpURLConnection connection) {
        if (connection != null) {
            connection.disconnect();
        }
    }

    /**
     * The download stopped half-way, or never began, for a reason the next attempt may not meet: what
     * arrived is kept. {@code retriable} when trying again soon may help, after {@code retryAfter} if the server said so.
     */
    private static final class Transient extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        private final URI url;
        private final String reason;
        private final boolean retriable;
        private final transient Duration retryAfter;

        Transient(URI url, String reason, Throwable cause, boolean retriable, Duration retryAfter) {
            this(url, reason, cause, retriable, retryAfter, 1);
        }

        private Transient(URI url, String reason, Throwable cause, boolean retriable, Duration retryAfter, int attempts) {
            super("Cannot add " + url + (attempts > 1 ? " after " + attempts + " attempts" : "") + ": " + reason
                    + "; nothing was changed.", cause);
            this.url = url;
            this.reason = reason;
            this.retriable = retriable;
            this.retryAfter = retryAfter;
        }

        /** The same failure, as the last of {@code attempts}. */
        Transient after(int attempts) {
            return new Transient(url, reason, getCause(), false, null, attempts);
        }
    }

    /** The server has no such file (HTTP 404): a Maven remote then tries the next remote or checksum. */
    static final class NotFound extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }

    /** Connecting, rather than waiting for the answer, timed out. */
    private static final class ConnectTimeout extends IOException {

        private static final long serialVersionUID = 1L;

        ConnectTimeout(SocketTimeoutException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
