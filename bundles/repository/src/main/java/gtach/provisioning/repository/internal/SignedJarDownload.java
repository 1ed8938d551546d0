package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.remote.TrustException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads the JAR of one entry of a remote's signed index into {@code target}. The body is
 * written to a partial file beside it ({@code <target>.part}) and hashed as it arrives, never past
 * the signed size; the file is then forced to disk, checked against the signed SHA-256 and size,
 * and only then renamed to {@code target}, so nothing unverified ever has that name.
 * <p>
 * A body cut short (the server stalls or closes early, or announces less than the signed size)
 * keeps the partial file and, in {@code <target>.resume}, the signed SHA-256 it is meant to become
 * and the server's ETag or Last-Modified. The next attempt, within the same download or a later
 * one, asks for the rest only ({@code Range}, with {@code If-Range} when there is a validator) and
 * starts over from nothing when the server sends all of it or another range. A refusal deletes the
 * partial file: bytes known to be wrong are never resumed.
 */
final class SignedJarDownload {

    static final String PARTIAL_SUFFIX = ".part";
    static final String RESUME_SUFFIX = ".resume";
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern UNSATISFIED_RANGE = Pattern.compile("bytes \\*/(\\d+)");

    /** Hears how a download advances. */
    @FunctionalInterface
    interface Progress {

        Progress NONE = (bytes, total) -> { };

        /** {@code bytes} of the JAR's {@code total} (its signed size) are in the partial file, those kept from earlier included. */
        void arrived(long bytes, long total);
    }

    private final String remote;
    private final URI uri;
    private final RemoteIndexEntry entry;
    private final Path target;
    private final Path partial;
    private final Path resume;
    private final Duration timeout;
    private final String authorization;
    private final Progress progress;
    private final String what;
    private final RemoteRequestTries tries;
    private final HttpClient client;
    private final PartialDigest digest = new PartialDigest();

    /**
     * @param uri the JAR's URL, already checked to lie within the remote's base URL
     * @param timeout bounds connecting, the wait for the answer's headers and every wait for more of its body
     * @param authorization the {@code Authorization} header, null for none
     */
    SignedJarDownload(String remote, URI uri, RemoteIndexEntry entry, Path target, Duration timeout, String authorization,
            DownloadRetries retries, Progress progress) {
        this.remote = remote;
        this.uri = uri;
        this.entry = entry;
        this.target = target;
        this.partial = partialOf(target);
        this.resume = target.resolveSibling(target.getFileName() + RESUME_SUFFIX);
        this.timeout = timeout;
        this.authorization = authorization;
        this.progress = progress;
        this.what = entry.symbolicName() + " " + entry.version() + " of remote " + remote;
        this.tries = new RemoteRequestTries(retries);
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Where the bytes of a download into {@code target} are kept until they are verified. */
    static Path partialOf(Path target) {
        return target.resolveSibling(target.getFileName() + PARTIAL_SUFFIX);
    }

    /**
     * Downloads, verifies and renames; blocks for at most the attempts the retries allow, each
     * bounded by the timeout while nothing arrives, and the waits between them.
     *
     * @throws RepositoryException with one sentence when the JAR cannot be downloaded or is refused;
     *         nothing is then under {@code target}'s name
     */
    void run() throws RepositoryException {
        try (FileChannel file = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            FileLock lock = tryLock(file);
            if (lock == null) {
                throw new RepositoryException("Cannot download " + what + ": another download of it is under way;"
                        + " nothing was changed.");
            }
            try {
                receive(file);
                file.force(true);
                verify();
                DurableFiles.moveAtomically(partial, target);
                Files.deleteIfExists(resume);
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            // the partial file could not be written: a disk too full for the rest is freed of the beginning too
            RepositoryException failure = new RepositoryException("Cannot download " + what + ": " + IoErrorText.describe(e)
                    + "; nothing was changed.", e);
            discard(failure);
            throw failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RepositoryException("Cannot download " + what + ": interrupted; nothing was changed.", e);
        }
    }

    /**
     * Fills the partial file with the entry's bytes, resuming what it keeps, until it holds the
     * signed size or the server sends no more.
     */
    private void receive(FileChannel file) throws RepositoryException, IOException, InterruptedException {
        String validator = resumable(file);
        // a resumption in a later call reads the kept bytes once; retries within this call carry the digest on
        digest.continueAt(file, file.size());
        while (digest.length() < entry.size()) {
            long kept = digest.length();
            HttpResponse<InputStream> response = send(kept, validator);
            int status = response.statusCode();
            if (status == 200) {
                if (kept > 0) {
                    // sent whole: the server ignores ranges, or the file changed since its If-Range validator
                    startOver(file);
                }
                validator = validator(response);
                // not forced: a partial file whose record is lost in a crash is started over
                Files.writeString(resume, entry.sha256() + "\n" + validator + "\n", StandardCharsets.UTF_8);
            } else if (status == 206 || status == 416 && kept > 0) {
                long start = rangeStart(response, kept);
                if (start != kept) {
                    response.body().close();
                    if (kept == 0) {
                        throw failed(status);
                    }
                    // a range other than the rest, or none the server can give: the whole file is asked for next
                    startOver(file);
                    validator = "";
                    continue;
                }
            } else {
                response.body().close();
                throw failed(status);
            }
            Optional<Cut> cut = append(response, file);
            if (cut.isEmpty() || digest.length() == entry.size()) {
                // all the bytes the signed index lists are here, however the answer ended: the hash decides
                return;
            }
            if (!tries.again()) {
                throw new RepositoryException("Cannot download " + what + tries.afterAttempts() + ": " + cut.get().reason()
                        + "; nothing was changed, and the " + digest.length() + " bytes that arrived are kept to be resumed.",
                        cut.get().cause());
            }
        }
    }

    /**
     * The If-Range validator of what the partial file holds the beginning of ({@code ""} for none),
     * or truncates it when it holds bytes of another entry, of no known entry, or too many.
     */
    private String resumable(FileChannel file) throws IOException {
        long kept = file.size();
        if (kept == 0) {
            return "";
        }
        List<String> record;
        try {
            record = Files.readAllLines(resume, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            record = List.of();
        }
        if (!record.isEmpty() && record.get(0).equals(entry.sha256()) && kept <= entry.size()) {
            return record.size() > 1 ? record.get(1) : "";
        }
        file.truncate(0);
        return "";
    }

    private HttpResponse<InputStream> send(long kept, String validator) throws RepositoryException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        if (authorization != null) {
            // the URI was checked to lie within the remote's origin, and redirects are not followed
            request.header("Authorization", authorization);
        }
        if (kept > 0) {
            request.header("Range", "bytes=" + kept + "-");
            if (!validator.isEmpty()) {
                // the server sends all of the file, rather than the rest, when it changed since
                request.header("If-Range", validator);
            }
        }
        try {
            return tries.send(client, request.build());
        } catch (IOException e) {
            throw new RepositoryException("Cannot download " + what + tries.afterAttempts() + ": " + IoErrorText.describe(e)
                    + "; nothing was changed.", e);
        }
    }

    /**
     * Appends the answer's body to the partial file and the digest.
     *
     * @return why the body ended before the signed size, if it did
     * @throws RepositoryException when the server sends more than the signed size; the partial file is deleted
     * @throws IOException when the partial file cannot be written
     */
    private Optional<Cut> append(HttpResponse<InputStream> response, FileChannel file) throws RepositoryException, IOException {
        long announced = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        InputStream body = response.body();
        if (announced > entry.size() - digest.length()) {
            body.close();
            throw refused("the server announces " + (digest.length() + announced) + " bytes, more than the " + entry.size()
                    + " the signed index lists");
        }
        StallWatch watch = StallWatch.start(timeout, () -> closeQuietly(body), "gtach-remote-download");
        try (watch; InputStream in = new SourceStream(body)) {
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                watch.arrived();
                if (read > entry.size() - digest.length()) {
                    throw refused("the server sends more than the " + entry.size() + " bytes the signed index lists");
                }
                write(file, buffer, read, digest.length());
                digest.update(buffer, 0, read);
                progress.arrived(digest.length(), entry.size());
            }
        } catch (SourceStream.ReadFailure e) {
            if (!watch.stalled()) {
                return Optional.of(new Cut(readFailure(e.getCause()) + " after " + digest.length() + " of the " + entry.size()
                        + " bytes the signed index lists", e.getCause()));
            }
        }
        if (watch.stalled()) {
            return Optional.of(new Cut("no data arrived for " + DownloadTimeouts.describe(timeout) + " (the download timeout) after "
                    + digest.length() + " of the " + entry.size() + " bytes the signed index lists", null));
        }
        if (digest.length() < entry.size()) {
            return Optional.of(new Cut("the server ended its answer after " + digest.length() + " of the " + entry.size()
                    + " bytes the signed index lists", null));
        }
        return Optional.empty();
    }

    /**
     * Checks the whole file, kept bytes included, against the signed SHA-256 and size. This check is
     * what makes resuming safe: whatever the kept bytes are (a beginning of another version of the
     * file, what a crash left), the file gets its name only if it is exactly the signed one.
     */
    private void verify() throws RepositoryException {
        try {
            ReleaseTrust.checkJar(List.of(entry), digest.finish(), what);
        } catch (TrustException e) {
            RepositoryException refusal = new RepositoryException(withoutPeriod(e.getMessage()) + "; nothing was changed.", e);
            discard(refusal);
            throw refusal;
        }
    }

    private RepositoryException refused(String reason) {
        RepositoryException refusal = new RepositoryException("The JAR " + what + " is refused: " + reason
                + "; nothing was changed.");
        discard(refusal);
        return refusal;
    }

    /** Deletes the partial file and its record; a failure to do so is added to {@code failure}. */
    private void discard(RepositoryException failure) {
        try {
            Files.deleteIfExists(partial);
            Files.deleteIfExists(resume);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private void startOver(FileChannel file) throws IOException {
        file.truncate(0);
        digest.continueAt(file, 0);
    }

    /** Where the answer's range starts, -1 when it names none or the server's file is not of the signed size. */
    private long rangeStart(HttpResponse<InputStream> response, long kept) throws RepositoryException, IOException {
        String range = response.headers().firstValue("Content-Range").orElse("").trim();
        Matcher unsatisfied = UNSATISFIED_RANGE.matcher(range);
        Matcher partial = CONTENT_RANGE.matcher(range);
        String total = unsatisfied.matches() ? unsatisfied.group(1) : partial.matches() ? partial.group(3) : "*";
        if (!total.equals("*") && !total.equals(Long.toString(entry.size()))) {
            response.body().close();
            throw refused("the server's file is " + total + " bytes, not the " + entry.size() + " the signed index lists");
        }
        return partial.matches() ? Long.parseLong(partial.group(1)) : -1;
    }

    private RepositoryException failed(int status) {
        Optional<String> refusal = RemoteCredentials.refusal(remote, status, authorization != null);
        if (refusal.isPresent()) {
            return new RepositoryException("Cannot fetch " + uri + ": " + refusal.get() + "; nothing was changed.");
        }
        return new RepositoryException("Cannot fetch " + uri + " from remote " + remote + tries.afterAttempts()
                + ": the server answered HTTP " + status + "; nothing was changed.");
    }

    /** The answer's strong ETag, else its Last-Modified, else {@code ""}: what If-Range names the file by. */
    private static String validator(HttpResponse<InputStream> response) {
        String etag = response.headers().firstValue("ETag").orElse("");
        String value = !etag.isEmpty() && !etag.startsWith("W/") ? etag : response.headers().firstValue("Last-Modified").orElse("");
        return value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 ? "" : value.strip();
    }

    /** @throws FileSystemException naming the directory, which is where space is missing when the disk is full */
    private void write(FileChannel file, byte[] bytes, int count, long position) throws IOException {
        ByteBuffer chunk = ByteBuffer.wrap(bytes, 0, count);
        try {
            while (chunk.hasRemaining()) {
                file.write(chunk, position + chunk.position());
            }
        } catch (IOException e) {
            FileSystemException named = new FileSystemException(String.valueOf(partial.toAbsolutePath().getParent()), null,
                    e.getMessage());
            named.initCause(e);
            throw named;
        }
    }

    /** A failed read of the body in words: the JDK's client wraps an early close in an IOException that says only "closed". */
    private static String readFailure(Throwable failure) {
        Throwable deepest = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.io.EOFException) {
                return "the server closed the connection";
            }
            deepest = t;
        }
        return "the connection failed (" + (deepest.getMessage() == null ? deepest.getClass().getSimpleName() : deepest.getMessage()) + ")";
    }

    /** Why a body ended before the signed size, and the failure that ended it, if one did. */
    private record Cut(String reason, Throwable cause) {
    }

    private static FileLock tryLock(FileChannel file) throws IOException {
        try {
            return file.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // the reader it unblocks fails either way, and is told the server stalled
        }
    }

    private static String withoutPeriod(String sentence) {
        return sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
    }
}
