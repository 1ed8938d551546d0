package gtach.provisioning.repository.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The requests of one fetch or download from a remote, each sent again after a growing wait when it
 * fails for a reason that may pass: a refused or reset connection, a timeout, HTTP 429 or a 5xx a
 * proxy or a restarting server gives. Anything else (a 404, a refusal of credentials, an unknown
 * host, a TLS failure) would be the same a moment later and is answered at once. The attempts are
 * counted over the whole fetch, so one fetch never waits more than {@link DownloadRetries} allow.
 */
final class RemoteRequestTries {

    private static final Set<Integer> PASSING_STATUSES = Set.of(429, 500, 502, 503, 504);

    private final DownloadRetries retries;
    private int attempts;

    RemoteRequestTries(DownloadRetries retries) {
        this.retries = retries;
    }

    /**
     * The response to {@code request}; after the last attempt, the last response even if its status
     * says to come back later, for the caller to name.
     *
     * @throws IOException the last failure, when no attempt got an answer
     */
    HttpResponse<InputStream> send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        while (true) {
            attempts++;
            boolean last = attempts >= retries.attempts();
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (ConnectException | HttpTimeoutException e) {
                if (last) {
                    throw e;
                }
                pause(Optional.empty());
                continue;
            } catch (IOException e) {
                // a reset or closed connection; an unknown host or a TLS failure would be the same again
                if (last || e instanceof java.net.UnknownHostException || e instanceof javax.net.ssl.SSLException) {
                    throw e;
                }
                pause(Optional.empty());
                continue;
            }
            if (last || !PASSING_STATUSES.contains(response.statusCode())) {
                return response;
            }
            Optional<Duration> asked = DownloadRetries.retryAfter(response.headers().firstValue("Retry-After").orElse(null),
                    Instant.now());
            if (asked.isPresent() && asked.get().compareTo(retries.maxDelay()) > 0) {
                // the server asks for longer than a fetch waits: its answer is the one to name
                return response;
            }
            response.body().close();
            pause(asked);
        }
    }

    /** {@code " after N attempts"} once more than one was made, for the sentence naming a failure. */
    String afterAttempts() {
        return attempts > 1 ? " after " + attempts + " attempts" : "";
    }

    private void pause(Optional<Duration> asked) throws InterruptedException {
        Duration wait = asked.orElseGet(() -> retries.delayBefore(attempts, () -> ThreadLocalRandom.current().nextDouble()));
        Thread.sleep(wait.toMillis());
    }
}
