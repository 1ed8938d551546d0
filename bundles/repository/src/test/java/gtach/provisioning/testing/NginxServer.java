package gtach.provisioning.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx (Debian's package) serving a directory on a free loopback port, for tests that
 * download over HTTP. It runs as a child process with a generated configuration in a directory of
 * its own (logs, pid and temporary files included, nothing under {@code /var}), and
 * {@link #close()} stops exactly that process and deletes only that directory.
 * <pre>{@code
 * try (NginxServer nginx = NginxServer.serving(published).failing("/broken.jar").start()) {
 *     store.add(nginx.url("/tach.jar"));
 * }
 * }</pre>
 * When nginx is not installed the test is skipped, except under CI ({@code CI=true}), where it
 * fails: {@code .ci/run} installs it. Not thread-safe; one instance per test.
 */
public final class NginxServer implements AutoCloseable {

    /** Where Debian's nginx and nginx-light packages put the binary. */
    public static final Path BINARY = Path.of("/usr/sbin/nginx");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final Path directory;
    private final int port;

    private NginxServer(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    /** A server whose document root is {@code root}: every file under it is served at its relative path. */
    public static Builder serving(Path root) {
        return new Builder(root);
    }

    /**
     * Fails the test (under CI) or skips it (elsewhere) when nginx is not installed; {@link Builder#start()}
     * calls it, so a test needs it only to check before preparing anything.
     */
    public static void requireInstalled() {
        requireInstalled(BINARY, "true".equals(System.getenv("CI")));
    }

    static void requireInstalled(Path binary, boolean ci) {
        if (Files.isExecutable(binary)) {
            return;
        }
        String message = "nginx is not installed (looked for " + binary
                + "); .ci/run installs it, or run apt-get install nginx-light.";
        if (ci) {
            throw new AssertionError(message);
        }
        Assumptions.assumeTrue(false, message);
    }

    /** {@code http://127.0.0.1:<port>} followed by {@code path}, which starts with a slash. */
    public String url(String path) {
        return origin() + path;
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String origin() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The process id, for a test that wants to kill nginx itself. */
    public long pid() {
        return process.pid();
    }

    /** The directory holding its configuration, logs and temporary files, deleted by {@link #close()}. */
    public Path directory() {
        return directory;
    }

    /**
     * The requests nginx answered so far, one line each in its {@code combined} format. nginx logs a
     * request after its last byte went out, so a client may be done before its line is written: the
     * log is read until it has stopped growing for a moment.
     */
    public String accessLog() {
        String log = read(directory.resolve("access.log"));
        for (int quiet = 0, reads = 0; quiet < 2 && reads < 100; reads++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return log;
            }
            String again = read(directory.resolve("access.log"));
            quiet = again.equals(log) ? quiet + 1 : 0;
            log = again;
        }
        return log;
    }

    /** What nginx logged so far, for a failure message. */
    public String errorLog() {
        return read(directory.resolve("error.log"));
    }

    /** Stops nginx by its own process id (TERM, then KILL after a bound) and deletes its working directory. */
    @Override
    public void close() {
        stop(process);
        deleteTree(directory);
    }

    /** What to serve besides the root; every method returns this builder. */
    public static final class Builder {

        private final Path root;
        private final List<String> locations = new ArrayList<>();
        private final List<Credentials> users = new ArrayList<>();

        private Builder(Path root) {
            this.root = root.toAbsolutePath().normalize();
        }

        /** Serves {@code directory} under {@code prefix} (which starts and ends with a slash), e.g. a Maven repository layout. */
        public Builder alias(String prefix, Path directory) {
            Path target = directory.toAbsolutePath().normalize();
            locations.add("location " + prefix + " {\n            alias " + quote(target + "/") + ";\n        }");
            return this;
        }

        /**
         * Takes HTTP {@code PUT}s under {@code prefix} (which starts and ends with a slash) into {@code directory}, as a
         * WebDAV server would (nginx's DAV module), and serves them back.
         */
        public Builder acceptingPuts(String prefix, Path directory) {
            Path target = directory.toAbsolutePath().normalize();
            locations.add("location " + prefix + " {\n            alias " + quote(target + "/") + ";\n"
                    + "            dav_methods PUT;\n            create_full_put_path on;\n        }");
            return this;
        }

        /** Answers HTTP 500 at exactly {@code path}. */
        public Builder failing(String path) {
            return answering(path, 500);
        }

        /** Answers {@code status}, with no body of interest, at exactly {@code path}. */
        public Builder answering(String path, int status) {
            locations.add("location = " + path + " {\n            return " + status + ";\n        }");
            return this;
        }

        /** Answers {@code status} with the header {@code name: value} (e.g. {@code Retry-After}) at exactly {@code path}. */
        public Builder answering(String path, int status, String name, String value) {
            locations.add("location = " + path + " {\n            add_header " + name + " " + quote(value)
                    + " always;\n            return " + status + ";\n        }");
            return this;
        }

        /** Answers HTTP 302 with {@code Location: target} (an absolute URL, on another origin or not) at exactly {@code path}. */
        public Builder redirecting(String path, String target) {
            locations.add("location = " + path + " {\n            return 302 " + quote(target) + ";\n        }");
            return this;
        }

        /** Asks for HTTP basic authentication under {@code prefix}: only {@code user} with {@code password} gets the files. */
        public Builder protectedBy(String prefix, String user, String password) {
            users.add(new Credentials(user, password));
            locations.add("location " + prefix + " {\n            auth_basic \"gtach\";\n"
                    + "            auth_basic_user_file htpasswd;\n        }");
            return this;
        }

        /**
         * Asks for a bearer token under {@code prefix}: only {@code Authorization: Bearer <token>} gets the
         * files, anything else HTTP 401. {@code token} must be without spaces, quotes or backslashes.
         */
        public Builder bearerProtected(String prefix, String token) {
            if (!token.matches("[A-Za-z0-9._~+/=-]+")) {
                throw new IllegalArgumentException("a bearer token for the fixture is letters, digits and ._~+/=- only");
            }
            locations.add("location " + prefix + " {\n            if ($http_authorization != \"Bearer " + token
                    + "\") {\n                return 401;\n            }\n        }");
            return this;
        }

        /**
         * Sends what lies under {@code prefix} at {@code rate} (nginx's syntax: {@code 8k} is 8 KiB a second), after the
         * first {@code after} bytes ({@code 0}, {@code 64k}) at full speed.
         */
        public Builder slow(String prefix, String rate, String after) {
            locations.add("location " + prefix + " {\n            limit_rate " + rate + ";\n            limit_rate_after "
                    + after + ";\n        }");
            return this;
        }

        /**
         * Sends what lies under {@code prefix} at {@code rate} to a request without a {@code Range} header, and at full
         * speed to one with: a first download is slow, its resumption is not. Without {@code ranges} the server
         * ignores {@code Range} and sends all of the file again, at full speed.
         */
        public Builder slowUntilResumed(String prefix, String rate, boolean ranges) {
            locations.add("location " + prefix + " {\n" + (ranges ? "" : "            max_ranges 0;\n")
                    + "            if ($http_range = \"\") {\n                set $limit_rate " + rate + ";\n            }\n        }");
            return this;
        }

        /**
         * Sends the first {@code after} bytes ({@code 64k}) of what lies under {@code prefix} to a request without a
         * {@code Range} header, then stalls (a byte a second, and the first of them only after minutes), and all of it at
         * full speed to a request with one: a first download stalls, its resumption does not.
         */
        public Builder stallingUntilResumed(String prefix, String after) {
            locations.add("location " + prefix + " {\n            if ($http_range = \"\") {\n                limit_rate 1;\n"
                    + "                limit_rate_after " + after + ";\n            }\n        }");
            return this;
        }

        /**
         * Starts nginx and returns once its port answers.
         *
         * @throws IOException when its directory cannot be written
         * @throws IllegalStateException when nginx does not come up, with what it logged
         */
        public NginxServer start() throws IOException {
            requireInstalled();
            Path directory = Files.createTempDirectory("gtach-nginx-");
            try {
                if (!users.isEmpty()) {
                    writeHtpasswd(directory.resolve("htpasswd"));
                }
                IllegalStateException failure = null;
                // the port is free when chosen but another process may take it before nginx binds it
                for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
                    int port = freePort();
                    Files.writeString(directory.resolve("nginx.conf"), configuration(directory, port));
                    Process process = launch(directory);
                    try {
                        awaitPort(process, port, directory);
                        return new NginxServer(process, directory, port);
                    } catch (IllegalStateException e) {
                        stop(process);
                        failure = e;
                    }
                }
                throw failure;
            } catch (IOException | RuntimeException | Error e) {
                deleteTree(directory);
                throw e;
            }
        }

        private String configuration(Path directory, int port) {
            String d = directory.toString();
            StringBuilder conf = new StringBuilder();
            conf.append("daemon off;\n")
                    .append("master_process off;\n")
                    .append("worker_processes 1;\n")
                    .append("pid ").append(quote(d + "/nginx.pid")).append(";\n")
                    .append("lock_file ").append(quote(d + "/nginx.lock")).append(";\n")
                    .append("error_log ").append(quote(d + "/error.log")).append(" info;\n")
                    .append("events {\n    worker_connections 64;\n}\n")
                    .append("http {\n")
                    .append("    access_log ").append(quote(d + "/access.log")).append(";\n")
                    .append("    client_body_temp_path ").append(quote(d + "/client_body")).append(";\n")
                    .append("    proxy_temp_path ").append(quote(d + "/proxy")).append(";\n")
                    .append("    fastcgi_temp_path ").append(quote(d + "/fastcgi")).append(";\n")
                    .append("    uwsgi_temp_path ").append(quote(d + "/uwsgi")).append(";\n")
                    .append("    scgi_temp_path ").append(quote(d + "/scgi")).append(";\n")
                    .append("    types {\n")
                    .append("        application/java-archive jar;\n")
                    .append("        application/xml xml pom;\n")
                    .append("        text/plain sha1 sha256 md5 txt;\n")
                    .append("        application/json json;\n")
                    .append("    }\n")
                    .append("    default_type application/octet-stream;\n")
                    .append("    sendfile on;\n")
                    .append("    keepalive_timeout 5;\n")
                    .append("    server {\n")
                    .append("        listen 127.0.0.1:").append(port).append(";\n")
                    .append("        server_name localhost;\n")
                    .append("        root ").append(quote(root.toString())).append(";\n");
            for (String location : locations) {
                conf.append("        ").append(location).append("\n");
            }
            conf.append("    }\n}\n");
            return conf.toString();
        }

        private void writeHtpasswd(Path file) throws IOException {
            StringBuilder lines = new StringBuilder();
            for (Credentials credentials : users) {
                lines.append(credentials.user()).append(':').append(hash(credentials.password())).append('\n');
            }
            Files.writeString(file, lines.toString());
        }
    }

    private record Credentials(String user, String password) {
    }

    /** An htpasswd hash: {@code openssl passwd -apr1} when openssl is there, else nginx's {@code {SHA}} scheme. */
    private static String hash(String password) throws IOException {
        Path openssl = Path.of("/usr/bin/openssl");
        if (Files.isExecutable(openssl)) {
            Process process = new ProcessBuilder(openssl.toString(), "passwd", "-apr1", password)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            try {
                if (process.waitFor() == 0 && out.startsWith("$apr1$")) {
                    return out;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while hashing a password with openssl", e);
            }
        }
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8));
            return "{SHA}" + Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static Process launch(Path directory) throws IOException {
        return new ProcessBuilder(BINARY.toString(), "-p", directory + "/", "-c", directory.resolve("nginx.conf").toString(),
                "-e", directory.resolve("error.log").toString())
                .redirectOutput(directory.resolve("stdout.log").toFile())
                .redirectErrorStream(true)
                .start();
    }

    private static void awaitPort(Process process, int port, Path directory) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with status " + process.exitValue() + " before port " + port
                        + " answered: " + read(directory.resolve("stdout.log")) + read(directory.resolve("error.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 200);
                return;
            } catch (IOException e) {
                pause();
            }
        }
        throw new IllegalStateException("nginx did not answer on port " + port + " within " + START_TIMEOUT.toSeconds() + " s: "
                + read(directory.resolve("error.log")));
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for nginx", e);
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(" + file + " cannot be read: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete nginx's working directory " + directory, e);
        }
    }
}
