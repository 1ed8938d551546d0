package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** A server that stalls or trickles ends the download with a timeout, leaving no thread and no temporary file. */
class StalledDownloadTest {

    private static final String SERVER_THREAD = "stalling-test-server";
    /** Generous: only a hang should ever reach it. */
    private static final Duration HANG = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    private ServerSocket server;
    private volatile boolean stopping;

    @AfterEach
    void stopServer() throws IOException {
        stopping = true;
        if (server != null) {
            server.close();
        }
    }

    /** Accepts connections on a free loopback port and answers each as {@code answer} does. */
    private String serve(Answer answer) throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
        Thread thread = new Thread(() -> {
            while (!stopping) {
                try (Socket socket = server.accept()) {
                    answer.write(socket.getOutputStream());
                } catch (IOException | InterruptedException e) {
                    // the client gave up, or the test ended
                }
            }
        }, SERVER_THREAD);
        thread.setDaemon(true);
        thread.start();
        return "http://127.0.0.1:" + server.getLocalPort() + "/tach.jar";
    }

    @FunctionalInterface
    private interface Answer {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    /** Headers announcing 1 MiB: a JAR large enough that the JDK does not try to drain what is left after a failure. */
    private static void headers(OutputStream out) throws IOException {
        out.write("HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\nContent-Type: application/java-archive\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private void stayUntilStopped() throws InterruptedException {
        while (!stopping) {
            Thread.sleep(50);
        }
    }

    private RepositoryStore store(Duration idle, Duration total) throws Exception {
        // one attempt: the server answers one connection at a time, and each of these tests is about one timeout
        return RepositoryStore.open(temp.resolve("repository"), temp.resolve("m2"), new DownloadTimeouts(idle, total),
                DownloadRetries.NONE, SilentLogger.INSTANCE);
    }

    private static Set<Thread> threads() {
        return new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    /**
     * Threads started since {@code before} that are still alive, other than the test's own server
     * and JUnit's timeout thread, which it ends without waiting.
     */
    private static List<String> survivors(Set<Thread> before) {
        return threads().stream()
                .filter(thread -> !before.contains(thread) && thread.isAlive())
                .map(Thread::getName)
                .filter(name -> !name.equals(SERVER_THREAD) && !name.startsWith("junit-timeout-thread"))
                .toList();
    }

    private void assertNothingLeft(RepositoryStore store) throws IOException {
        AddTest.assertNothingStored(store);
        try (Stream<Path> entries = Files.list(store.root().resolve("tmp"))) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void aBodyThatNeverComesEndsWithTheIdleTimeout() throws Exception {
        // Given a server that sends its headers, then nothing
        String url = serve(out -> {
            headers(out);
            stayUntilStopped();
        });
        RepositoryStore store = store(Duration.ofMillis(300), Duration.ofSeconds(10));
        Set<Thread> before = threads();

        // When / Then
        assertTimeoutPreemptively(HANG, () -> assertThatThrownBy(() -> store.add(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot add " + url + ": no data arrived for 300 ms (the download idle timeout); nothing was changed."));
        assertNothingLeft(store);
        assertThat(survivors(before)).isEmpty();
    }

    @Test
    void aServerThatNeverAnswersEndsWithTheIdleTimeout() throws Exception {
        // Given a server that accepts the connection and says nothing
        String url = serve(out -> stayUntilStopped());
        RepositoryStore store = store(Duration.ofMillis(300), Duration.ofSeconds(10));
        Set<Thread> before = threads();

        // When / Then
        assertTimeoutPreemptively(HANG, () -> assertThatThrownBy(() -> store.add(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot add " + url + ": the server did not answer within 300 ms (the download idle timeout);"
                        + " nothing was changed."));
        assertNothingLeft(store);
        assertThat(survivors(before)).isEmpty();
    }

    @Test
    void aTrickleEndsWithTheTotalTimeout() throws Exception {
        // Given a server that sends a byte every 50 ms, well within the idle timeout
        String url = serve(out -> {
            headers(out);
            while (!stopping) {
                out.write('P');
                out.flush();
                Thread.sleep(50);
            }
        });
        RepositoryStore store = store(Duration.ofMillis(500), Duration.ofSeconds(1));

        // When / Then
        Set<Thread> before = threads();
        assertTimeoutPreemptively(HANG, () -> assertThatThrownBy(() -> store.add(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot add " + url + ": the download took longer than 1 s (the download total timeout);"
                        + " nothing was changed."));
        assertNothingLeft(store);
        assertThat(survivors(before)).isEmpty();
    }

    @Test
    void timeoutsMustBePositiveAndTheIdleOneWithinTheTotal() {
        assertThatThrownBy(() -> new DownloadTimeouts(Duration.ZERO, Duration.ofMinutes(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The download idle timeout must be positive, not 0 s.");
        assertThatThrownBy(() -> new DownloadTimeouts(Duration.ofMinutes(1), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The download idle timeout (1 min) must not exceed the total timeout (30 s).");
    }
}
