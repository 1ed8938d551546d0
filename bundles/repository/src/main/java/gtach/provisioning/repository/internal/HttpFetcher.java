package gtach.provisioning.repository.internal;

import org.osgi.service.log.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Downloads a JAR over {@code http} or {@code https}, following redirects, with a timeout for the
 * connection and the answer, and a size limit. A source that cannot be reached or answers with an
 * error is reported as an {@link IllegalArgumentException} of one sentence.
 */
final class HttpFetcher {

    private final Duration timeout;
    private final Logger log;
    private HttpClient client;

    HttpFetcher(Duration timeout, Logger log) {
        this.timeout = timeout;
        this.log = log;
    }

    /**
     * Downloads {@code url} into a new file, telling {@code progress} how many bytes have arrived.
     *
     * @throws IllegalArgumentException when the URL cannot be fetched
     * @throws Refusal when the JAR is larger than {@code maxBytes}
     * @throws IOException when the file cannot be written
     */
    DurableFiles.Content download(URI url, Path target, long maxBytes, Consumer<String> progress) throws Refusal, IOException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("Cannot add " + url + ": the download was interrupted; nothing was changed.", e);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status < 200 || status > 299) {
                throw new IllegalArgumentException("Cannot add " + url + ": the server answered HTTP " + status
                        + "; nothing was changed.");
            }
            OptionalLong length = response.headers().firstValueAsLong("Content-Length");
            if (length.isPresent() && length.getAsLong() > maxBytes) {
                throw new Refusal("it is larger than " + Sizes.describe(maxBytes));
            }
            log.debug("Downloading {} ({} bytes announced)", url, length.isPresent() ? length.getAsLong() : "no size");
            String of = length.isPresent() ? " of " + Sizes.approximate(length.getAsLong()) : "";
            return DurableFiles.copy(new SourceStream(body,
                    bytes -> progress.accept("Downloading " + url + ": " + Sizes.approximate(bytes) + of)), target, maxBytes);
        } catch (SourceStream.ReadFailure e) {
            throw new IllegalArgumentException("Cannot add " + url + ": the download failed (" + e.getMessage()
                    + "); nothing was changed.", e);
        } catch (DurableFiles.TooLargeException e) {
            throw new Refusal("it is larger than " + Sizes.describe(maxBytes), e);
        }
    }

    private IllegalArgumentException unreachable(URI url, IOException e) {
        String reason;
        if (e instanceof HttpConnectTimeoutException) {
            reason = "the connection timed out after " + timeout.toSeconds() + " s";
        } else if (e instanceof HttpTimeoutException) {
            reason = "the server did not answer within " + timeout.toSeconds() + " s";
        } else if (hasCause(e, UnresolvedAddressException.class) || hasCause(e, UnknownHostException.class)) {
            reason = "the host " + url.getHost() + " is unknown";
        } else if (e instanceof ConnectException) {
            reason = "connection refused";
        } else {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new IllegalArgumentException("Cannot add " + url + ": " + reason + "; nothing was changed.", e);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
        }
        return client;
    }
}
