package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import gtach.provisioning.repository.RepositoryException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * A remote JAR download cut short keeps what arrived and is resumed with {@code Range}, by the
 * retry within one download or by the next one, and what is kept is trusted only through the
 * final check against the signed SHA-256. A raw server on loopback plays each fault: it answers
 * the n-th connection as the n-th of its answers and records what it was asked.
 */
class ResumedRemoteDownloadTest {

    private static final int SIZE = 256 << 10;
    private static final int HALF = SIZE / 2;
    private static final Duration SHORT = Duration.ofMillis(300);
    /** Generous: only a hang should ever reach it. */
    private static final Duration HANG = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    private final byte[] jar = bytes(1);
    private RemoteIndexEntry entry;
    private Path target;
    private ScriptedServer server;

    @BeforeEach
    void prepare() throws IOException {
        entry = new RemoteIndexEntry("tach", new Version("1.0.0"), "osgi.bundle", RemoteFetch.sha256(jar), SIZE, "jars/tach.jar",
                List.of(), List.of());
        target = Files.createDirectories(temp.resolve("incoming")).resolve("tach-1.0.0.jar");
        RemoteFetch.retries = DownloadRetries.NONE;
    }

    @AfterEach
    void stop() throws IOException {
        RemoteFetch.retries = DownloadRetries.DEFAULT;
        if (server != null) {
            server.close();
        }
    }

    private void download(Duration timeout) throws RepositoryException {
        assertTimeoutPreemptively(HANG, () -> RemoteFetch.download("main", server.base(), entry, target, timeout));
    }

    /** What the incoming directory holds. */
    private List<Path> left() throws IOException {
        try (Stream<Path> entries = Files.list(target.getParent())) {
            return entries.toList();
        }
    }

    /**
     * Hands what was kept from the server before to the one that replaces it, as though it had the
     * same URL (each server of a test has a port, and so a URL, of its own).
     */
    private void replaceServer(ScriptedServer next) throws IOException {
        Path kept = partial();
        Path validator = kept.resolveSibling(kept.getFileName() + ".validator");
        server.close();
        server = next;
        Files.move(kept, partial());
        Files.move(validator, partial().resolveSibling(partial().getFileName() + ".validator"));
    }

    /** Where the downloader keeps what arrived of the JAR's URL. */
    private Path partial() {
        return target.getParent().resolve(HttpFetcher.partialName(server.base().resolve("jars/tach.jar")));
    }

    @Test
    void aStalledDownloadKeepsWhatArrivedAndTheNextOneAsksForTheRestOnly() throws Exception {
        // Given a server that sends half the JAR, then nothing, and answers a range next
        server = new ScriptedServer(jar, Answer.firstBytesThen(HALF, Answer.Then.STALL), Answer.RANGES);

        // When the download stalls, Then the timeout is named and the half is kept under its partial name only
        assertThatThrownBy(() -> download(SHORT))
                .isInstanceOf(RepositoryException.class)
                .hasMessage("Cannot download tach 1.0.0 of remote main: no data arrived for 300 ms (the download idle timeout);"
                        + " nothing was changed.");
        assertThat(target).doesNotExist();
        assertThat(Files.readAllBytes(partial())).isEqualTo(Arrays.copyOf(jar, HALF));

        // When the next download runs
        download(Duration.ofSeconds(10));

        // Then it asked for the rest, naming the version it holds the beginning of, and got only that
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(0)).doesNotContainKey("range");
        assertThat(server.requests().get(1)).containsEntry("range", "bytes=" + HALF + "-").containsEntry("if-range", Answer.ETAG);
        assertThat(server.sent()).containsExactly((long) HALF, (long) SIZE - HALF);
        assertThat(target).hasBinaryContent(jar);
        assertThat(left()).containsExactly(target);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("gtach-download-deadline") && t.isAlive());
    }

    @Test
    void theProgressOfAResumedDownloadCountsTheKeptBytes() throws Exception {
        server = new ScriptedServer(jar, Answer.firstBytesThen(HALF, Answer.Then.STALL), Answer.RANGES);
        assertThatThrownBy(() -> download(SHORT)).hasMessageContaining("(the download idle timeout)");
        List<String> progress = Collections.synchronizedList(new ArrayList<>());

        assertTimeoutPreemptively(HANG, () -> RemoteFetch.download("main", server.base(), entry, target, Duration.ofSeconds(10),
                null, progress::add));

        String of = " of " + Sizes.approximate(SIZE);
        assertThat(progress).isNotEmpty().allSatisfy(line -> assertThat(line).endsWith(of));
        assertThat(progress.get(progress.size() - 1)).endsWith(": " + Sizes.approximate(SIZE) + of);
        assertThat(target).hasBinaryContent(jar);
    }

    @Test
    void aConnectionClosedEarlyKeepsWhatArrivedAndTheNextDownloadResumesIt() throws Exception {
        // Given a server that announces the whole JAR, sends half and closes
        server = new ScriptedServer(jar, Answer.firstBytesThen(HALF, Answer.Then.CLOSE), Answer.RANGES);

        // When / Then: the JDK's client may drop the last bytes it received once it sees the close, so what is kept is
        // at most the half, and exactly what the message names and the next request asks for the rest of
        Throwable failure = catchThrowable(() -> download(SHORT));
        long kept = Files.size(partial());
        assertThat(kept).isPositive().isLessThanOrEqualTo(HALF);
        assertThat(Files.readAllBytes(partial())).isEqualTo(Arrays.copyOf(jar, (int) kept));
        assertThat(failure).isInstanceOf(RepositoryException.class)
                .hasMessage("Cannot download tach 1.0.0 of remote main: the server closed the connection after " + kept
                        + " of the " + SIZE + " bytes it announced; nothing was changed.");
        assertThat(target).doesNotExist();

        download(Duration.ofSeconds(10));

        assertThat(server.requests().get(1)).containsEntry("range", "bytes=" + kept + "-");
        assertThat(server.sent()).containsExactly((long) HALF, SIZE - kept);
        assertThat(target).hasBinaryContent(jar);
        assertThat(left()).containsExactly(target);
    }

    @Test
    void aContentLengthShorterThanTheSignedSizeIsRefusedByTheSignedHashWithNothingLeft() throws Exception {
        // Given a server whose Content-Length says half the JAR, who sends that half as a complete answer
        server = new ScriptedServer(jar, Answer.firstBytesThen(HALF, Answer.Then.LIE_ABOUT_LENGTH));

        assertThatThrownBy(() -> download(SHORT))
                .isInstanceOf(RepositoryException.class)
                .hasMessage("The JAR tach 1.0.0 of remote main is refused: its SHA-256 " + RemoteFetch.sha256(Arrays.copyOf(jar, HALF))
                        + " is not in the signed index; nothing was changed.");
        assertThat(left()).isEmpty();
    }

    @Test
    void aContentLengthLargerThanTheSignedSizeIsRefusedAtOnceWithNothingLeft() throws Exception {
        // Given a server announcing one byte more than the signed size
        server = new ScriptedServer(jar, Answer.firstBytesThen(SIZE, Answer.Then.LIE_ABOUT_LENGTH_BY_ONE_MORE));

        assertThatThrownBy(() -> download(SHORT))
                .isInstanceOf(RepositoryException.class)
                .hasMessage("The JAR tach 1.0.0 of remote main is refused: it is larger than " + Sizes.describe(SIZE)
                        + ", the size its signed index gives; nothing was changed.");
        assertThat(left()).isEmpty();
    }

    @Test
    void theRetryWithinOneDownloadResumesWhereTheStallLeftOff() throws Exception {
        // Given three attempts, and a server that stalls after half, then answers a range
        RemoteFetch.retries = DownloadRetries.of(3, Duration.ofMillis(20));
        server = new ScriptedServer(jar, Answer.firstBytesThen(HALF, Answer.Then.STALL), Answer.RANGES);

        // When
        download(SHORT);

        // Then the second attempt asked for the rest only, and the digest carried over from the first verifies
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(1)).containsEntry("range", "bytes=" + HALF + "-");
        assertThat(server.sent()).containsExactly((long) HALF, (long) SIZE - HALF);
        assertThat(target).hasBinaryContent(jar);
        assertThat(left()).containsExactly(target);
    }

    @Test
    void aServerThatIgnoresTheRangeSendsAllOfItAgainAndTheDownloadStartsOver() throws Exception {
        server = new ScriptedServer(jar, Answer.firstBytesThen(HALF, Answer.Then.STALL), Answer.WHOLE);
        assertThatThrownBy(() -> download(SHORT)).hasMessageContaining("(the download idle timeout)");
        assertThat(partial()).hasSize(HALF);

        download(Duration.ofSeconds(10));

        assertThat(server.requests().get(1)).containsEntry("range", "bytes=" + HALF + "-");
        assertThat(server.statuses()).containsExactly(200, 200);
        assertThat(server.sent()).containsExactly((long) HALF, (long) SIZE);
        assertThat(target).hasBinaryContent(jar);
        assertThat(left()).containsExactly(target);
    }

    @Test
    void aRangeTheServerCannotGiveStartsTheDownloadOver() throws Exception {
        server = new ScriptedServer(jar, Answer.firstBytesThen(HALF, Answer.Then.STALL), Answer.UNSATISFIABLE, Answer.WHOLE);
        assertThatThrownBy(() -> download(SHORT)).hasMessageContaining("(the download idle timeout)");

        download(Duration.ofSeconds(10));

        assertThat(server.statuses()).containsExactly(200, 416, 200);
        assertThat(server.requests().get(2)).doesNotContainKey("range");
        assertThat(target).hasBinaryContent(jar);
        assertThat(left()).containsExactly(target);
    }

    @Test
    void aRangeOtherThanTheRestIsRefusedAndTheNextDownloadIsWhole() throws Exception {
        server = new ScriptedServer(jar, Answer.firstBytesThen(HALF, Answer.Then.STALL), Answer.FROM_ZERO, Answer.WHOLE);
        assertThatThrownBy(() -> download(SHORT)).hasMessageContaining("(the download idle timeout)");

        assertThatThrownBy(() -> download(Duration.ofSeconds(10))).isInstanceOf(RepositoryException.class)
                .hasMessageStartingWith("Cannot download tach 1.0.0 of remote main: the server answered HTTP 206 with a range (bytes 0-");
        assertThat(left()).isEmpty();
        download(Duration.ofSeconds(10));

        assertThat(server.statuses()).containsExactly(200, 206, 200);
        assertThat(server.requests().get(2)).doesNotContainKey("range");
        assertThat(target).hasBinaryContent(jar);
    }

    @Test
    void keptBytesOfAnotherFileAreRefusedByTheSignedHashDeletedAndTheNextDownloadIsWhole() throws Exception {
        // Given half of another file kept (the server's content changed, and it names no version to tell)
        byte[] other = bytes(2);
        server = new ScriptedServer(other, Answer.firstBytesThen(HALF, Answer.Then.STALL));
        assertThatThrownBy(() -> download(SHORT)).hasMessageContaining("(the download idle timeout)");
        assertThat(partial()).hasSize(HALF);

        // When the rest comes from the right file
        replaceServer(new ScriptedServer(jar, Answer.RANGES, Answer.RANGES));
        assertThatThrownBy(() -> download(Duration.ofSeconds(10)))
                .isInstanceOf(RepositoryException.class)
                .hasMessage("The JAR tach 1.0.0 of remote main is refused: its SHA-256 "
                        + RemoteFetch.sha256(concat(Arrays.copyOf(other, HALF), Arrays.copyOfRange(jar, HALF, SIZE)))
                        + " is not in the signed index; nothing was changed.");

        // Then nothing of it is kept, and the next download asks for all of it
        assertThat(left()).isEmpty();
        download(Duration.ofSeconds(10));
        assertThat(server.requests().get(0)).containsEntry("range", "bytes=" + HALF + "-");
        assertThat(server.requests().get(1)).doesNotContainKey("range");
        assertThat(target).hasBinaryContent(jar);
    }

    @Test
    void bytesKeptForAnotherSignedEntryOfTheSameUrlAreRefusedByItsHashAndTheNextDownloadIsWhole() throws Exception {
        server = new ScriptedServer(jar, Answer.firstBytesThen(HALF, Answer.Then.STALL), Answer.RANGES);
        assertThatThrownBy(() -> download(SHORT)).hasMessageContaining("(the download idle timeout)");
        // the index was fetched again meanwhile, and lists another build under the same URL, which a server gives the same ETag
        byte[] rebuilt = bytes(3);
        replaceServer(new ScriptedServer(rebuilt, Answer.RANGES, Answer.RANGES));
        entry = new RemoteIndexEntry("tach", new Version("1.0.0"), "osgi.bundle", RemoteFetch.sha256(rebuilt), SIZE, "jars/tach.jar",
                List.of(), List.of());

        assertThatThrownBy(() -> download(Duration.ofSeconds(10))).hasMessageContaining("is not in the signed index");
        assertThat(left()).isEmpty();
        download(Duration.ofSeconds(10));

        assertThat(server.requests().get(1)).doesNotContainKey("range");
        assertThat(target).hasBinaryContent(rebuilt);
    }

    private static byte[] bytes(int seed) {
        byte[] bytes = new byte[SIZE];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    /**
     * One answer: its status line, the Content-Length it announces, the bytes {@code [from, to)} of the
     * content it sends, further headers, and whether it then stays silent until the client gives up.
     */
    private record Reply(int status, String reason, long announced, int from, int to, List<String> headers, boolean stall) {

        long bytes() {
            return to - from;
        }

        void writeTo(OutputStream out, byte[] content) throws IOException {
            StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " " + reason + "\r\nContent-Length: " + announced
                    + "\r\nContent-Type: application/java-archive\r\nConnection: close\r\n");
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.write(content, from, to - from);
            out.flush();
        }
    }

    /** How the server answers one request for the JAR. */
    @FunctionalInterface
    private interface Answer {

        String ETAG = "\"v1\"";

        /** The reply to {@code request} when the server holds {@code content}. */
        Reply to(Map<String, String> request, byte[] content);

        enum Then { STALL, CLOSE, LIE_ABOUT_LENGTH, LIE_ABOUT_LENGTH_BY_ONE_MORE }

        /** 200 with the first {@code count} bytes, announcing all of them (or, lying, fewer or more), then {@code then}. */
        static Answer firstBytesThen(int count, Then then) {
            return (request, content) -> {
                long announced = switch (then) {
                    case LIE_ABOUT_LENGTH -> count;
                    case LIE_ABOUT_LENGTH_BY_ONE_MORE -> content.length + 1;
                    default -> content.length;
                };
                return new Reply(200, "OK", announced, 0, count, List.of("ETag: " + ETAG), then == Then.STALL);
            };
        }

        /** All of it, whatever was asked. */
        Answer WHOLE = (request, content) -> new Reply(200, "OK", content.length, 0, content.length, List.of("ETag: " + ETAG),
                false);

        /** The range asked for, {@code bytes=<from>-}, or all of it when none is. */
        Answer RANGES = (request, content) -> {
            String range = request.get("range");
            if (range == null) {
                return WHOLE.to(request, content);
            }
            int from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
            return new Reply(206, "Partial Content", content.length - from, from, content.length, List.of("ETag: " + ETAG,
                    "Content-Range: bytes " + from + "-" + (content.length - 1) + "/" + content.length), false);
        };

        /** 416, as to a range beyond the end of what the server has. */
        Answer UNSATISFIABLE = (request, content) -> new Reply(416, "Range Not Satisfiable", 0, 0, 0,
                List.of("Content-Range: bytes */" + content.length), false);

        /** A 206 of all of it, from the first byte, rather than the range asked for. */
        Answer FROM_ZERO = (request, content) -> new Reply(206, "Partial Content", content.length, 0, content.length,
                List.of("Content-Range: bytes 0-" + (content.length - 1) + "/" + content.length), false);
    }

    /** Answers the n-th connection on a free loopback port with the n-th answer, each on a thread of its own. */
    private static final class ScriptedServer implements AutoCloseable {

        private final ServerSocket socket;
        /** By the number of the connection, so that the order is that of the requests even when an answer stalls. */
        private final Map<Integer, Map<String, String>> requests = new ConcurrentSkipListMap<>();
        private final Map<Integer, Reply> replies = new ConcurrentSkipListMap<>();
        private final List<Socket> connections = Collections.synchronizedList(new ArrayList<>());

        ScriptedServer(byte[] content, Answer... answers) throws IOException {
            socket = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
            Thread acceptor = new Thread(() -> {
                for (int i = 0; i < answers.length; i++) {
                    Socket connection;
                    try {
                        connection = socket.accept();
                    } catch (IOException e) {
                        return; // closed by the test
                    }
                    connections.add(connection);
                    int number = i;
                    Thread handler = new Thread(() -> answer(number, connection, answers[number], content), "scripted-server-answer");
                    handler.setDaemon(true);
                    handler.start();
                }
            }, "scripted-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void answer(int number, Socket connection, Answer answer, byte[] content) {
            try (connection) {
                Map<String, String> request = readRequest(connection);
                requests.put(number, request);
                // recorded before it is sent: a client that hangs up half-way through it was still answered so
                Reply reply = answer.to(request, content);
                replies.put(number, reply);
                reply.writeTo(connection.getOutputStream(), content);
                if (reply.stall()) {
                    // silent until the client gives up and closes its end
                    while (connection.getInputStream().read() >= 0) {
                        continue;
                    }
                }
            } catch (IOException e) {
                // the client gave up, or the test ended
            }
        }

        /** The request's headers, names in lower case. */
        private static Map<String, String> readRequest(Socket connection) throws IOException {
            BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
            Map<String, String> headers = new HashMap<>();
            in.readLine();
            for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            return headers;
        }

        URI base() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
        }

        List<Map<String, String>> requests() {
            return List.copyOf(requests.values());
        }

        List<Integer> statuses() {
            return replies.values().stream().map(Reply::status).toList();
        }

        /** The body bytes sent in answer to each request. */
        List<Long> sent() {
            return replies.values().stream().map(Reply::bytes).toList();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (connections) {
                for (Socket connection : connections) {
                    connection.close();
                }
            }
        }
    }
}
