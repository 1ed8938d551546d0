package gtach.provisioning.repository.internal;

import org.osgi.service.log.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Downloads a JAR over {@code http} or {@code https}, following redirects within the URL's origin
 * (scheme, host and port) only, with an idle and a total timeout and a size limit. A source that cannot be reached, answers
 * with an error or stalls is reported as an {@link IllegalArgumentException} of one sentence.
 * <p>
 * {@link HttpURLConnection} rather than {@code java.net.http.HttpClient}: its read timeout bounds
 * every wait for bytes, where the client's body stream would block forever, and it starts no
 * threads that outlive a download. (When a download of less than 512 KiB fails half-way, the JDK
 * may drain the rest of it on its keep-alive cleaner thread, which gives up within 5 s by itself.)
 */
final class HttpFetcher {

    private static final int MAX_REDIRECTS = 5;

    private final DownloadTimeouts timeouts;
    private final Logger log;

    HttpFetcher(DownloadTimeouts timeouts, Logger log) {
        this.timeouts = timeouts;
        this.log = log;
    }

    /**
     * Downloads {@code url} into a new file, telling {@code progress} how many bytes have arrived.
     * Blocks at most about the total timeout.
     *
     * @throws IllegalArgumentException when the URL cannot be fetched, or a timeout ends the download
     * @throws Refusal when the JAR is larger than {@code maxBytes}
     * @throws IOException when the file cannot be written
     */
    DurableFiles.Content download(URI url, Path target, long maxBytes, Consumer<String> progress) throws Refusal, IOException {
        AtomicReference<HttpURLConnection> open = new AtomicReference<>();
        try (DownloadDeadline deadline = DownloadDeadline.start(timeouts.total(), () -> disconnect(open.get()),
                "gtach-download-deadline")) {
            HttpURLConnection connection;
            try {
                connection = answer(url, open);
            } catch (IOException e) {
                throw deadline.expired() ? totalTimeout(url, e) : unreachable(url, e);
            }
            long length = connection.getContentLengthLong();
            if (length > maxBytes) {
                throw new Refusal("it is larger than " + Sizes.describe(maxBytes));
            }
            log.debug("Downloading {} ({} bytes announced)", url, length >= 0 ? length : "no size");
            String of = length >= 0 ? " of " + Sizes.approximate(length) : "";
            try (InputStream body = new SourceStream(connection.getInputStream(),
                    bytes -> progress.accept("Downloading " + url + ": " + Sizes.approximate(bytes) + of))) {
                DurableFiles.Content content = DurableFiles.copy(body, target, maxBytes);
                if (deadline.expired()) {
                    // a stream closed by the watchdog may look like a short body rather than fail
                    throw totalTimeout(url, null);
                }
                if (length >= 0 && content.size() != length) {
                    // the JDK ends a body that is shorter than announced as if it were complete
                    throw new IllegalArgumentException("Cannot add " + url + ": the server closed the connection after "
                            + content.size() + " of the " + length + " bytes it announced; nothing was changed.");
                }
                return content;
            } catch (SourceStream.ReadFailure e) {
                if (deadline.expired()) {
                    throw totalTimeout(url, e);
                }
                if (e.getCause() instanceof SocketTimeoutException) {
                    throw new IllegalArgumentException("Cannot add " + url + ": no data arrived for "
                            + DownloadTimeouts.describe(timeouts.idle()) + " (the download idle timeout); nothing was changed.", e);
                }
                throw new IllegalArgumentException("Cannot add " + url + ": the download failed (" + e.getMessage()
                        + "); nothing was changed.", e);
            } catch (DurableFiles.TooLargeException e) {
                throw new Refusal("it is larger than " + Sizes.describe(maxBytes), e);
            }
        } finally {
            disconnect(open.get());
        }
    }

    /** Connects and reads the answer's headers, following redirects; the answer is a success. */
    private HttpURLConnection answer(URI url, AtomicReference<HttpURLConnection> open) throws IOException {
        URI current = url;
        for (int redirects = 0; ; redirects++) {
            HttpURLConnection connection = (HttpURLConnection) current.toURL().openConnection();
            disconnect(open.getAndSet(connection));
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout((int) timeouts.idle().toMillis());
            connection.setReadTimeout((int) timeouts.idle().toMillis());
            try {
                connection.connect();
            } catch (SocketTimeoutException e) {
                throw new ConnectTimeout(e);
            }
            int status = connection.getResponseCode();
            if (status >= 200 && status <= 299) {
                return connection;
            }
            String location = connection.getHeaderField("Location");
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

    /** What an error status tells an operator to do, where that is more than its number. */
    private static String meaning(int status) {
        return switch (status) {
            case 401 -> " (authentication required: the credentials are missing or wrong)";
            case 403 -> " (forbidden: the credentials, if any, do not grant access)";
            default -> "";
        };
    }

    private IllegalArgumentException totalTimeout(URI url, IOException e) {
        return new IllegalArgumentException("Cannot add " + url + ": the download took longer than "
                + DownloadTimeouts.describe(timeouts.total()) + " (the download total timeout); nothing was changed.", e);
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
        return new IllegalArgumentException("Cannot add " + url + ": " + reason + "; nothing was changed.", e);
    }

    private static void disconnect(HttpURLConnection connection) {
        if (connection != null) {
            connection.disconnect();
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
