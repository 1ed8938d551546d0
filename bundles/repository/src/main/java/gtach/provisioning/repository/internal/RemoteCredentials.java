package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.remote.Credentials;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A remote's credentials, kept in {@code <repository>/remotes/<name>/credentials} (mode 0600, its
 * directory 0700), written atomically: {@code basic}, the user and the password, or {@code bearer}
 * and the token, one a line. The secret is read only to build an {@code Authorization} value and
 * appears in no message.
 */
final class RemoteCredentials {

    static final String FILE = "credentials";
    private static final long MAX_SECRET_BYTES = 16 << 10;

    /** What is sent, and how it is described without its secret. */
    record Stored(String authorization, String description) {
        @Override
        public String toString() {
            return description;
        }
    }

    private RemoteCredentials() {
    }

    /**
     * Reads the secret file {@code credentials} names and keeps the credentials for remote {@code name}.
     *
     * @throws RepositoryException with one sentence, nothing kept, when the file or user cannot be used
     */
    static void store(Path repositoryRoot, String name, Credentials credentials) throws RepositoryException {
        String refused = "Cannot add remote " + name + ": ";
        String secret = secret(credentials, refused);
        String content;
        if (credentials.kind() == Credentials.Kind.BASIC) {
            String user = credentials.user();
            if (user.isEmpty() || user.indexOf(':') >= 0 || !printable(user)) {
                throw new RepositoryException(refused + "the user name must be non-empty, without ':' or control characters;"
                        + " nothing was changed.");
            }
            content = "basic\n" + user + "\n" + secret + "\n";
        } else {
            if (secret.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                throw new RepositoryException(refused + "the token file " + credentials.secretFile()
                        + " holds spaces or control characters, which a bearer token cannot; nothing was changed.");
            }
            content = "bearer\n" + secret + "\n";
        }
        Path directory = RemoteFetch.directory(repositoryRoot, name);
        try {
            Files.createDirectories(directory.getParent());
            if (!Files.isDirectory(directory)) {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            // whatever umask or earlier fetch made it, only the owner may look inside
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            Path scratch = Files.createTempFile(directory, "." + FILE, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                try (FileChannel channel = FileChannel.open(scratch, StandardOpenOption.WRITE);
                        OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                    out.write(content.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    channel.force(true);
                }
                Files.move(scratch, directory.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(scratch);
            }
        } catch (IOException e) {
            throw new RepositoryException(refused + "its credentials cannot be kept: " + IoErrorText.describe(e)
                    + "; nothing was changed.", e);
        }
    }

    /** The kept credentials of remote {@code name}; empty when it has none. */
    static Optional<Stored> read(Path repositoryRoot, String name) throws RepositoryException {
        Path file = RemoteFetch.directory(repositoryRoot, name).resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RepositoryException("The credentials of remote " + name + " cannot be read: "
                    + IoErrorText.describe(e) + "; add the remote again.", e);
        }
        if (lines.size() == 3 && lines.get(0).equals("basic")) {
            String pair = lines.get(1) + ":" + lines.get(2);
            return Optional.of(new Stored("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)),
                    "basic (user " + lines.get(1) + ")"));
        }
        if (lines.size() == 2 && lines.get(0).equals("bearer")) {
            return Optional.of(new Stored("Bearer " + lines.get(1), "bearer token"));
        }
        throw new RepositoryException("The credentials of remote " + name + " are not in a form this version reads;"
                + " add the remote again.");
    }

    /**
     * The sentence for an HTTP 401 or 403 from remote {@code name}; empty for any other status.
     *
     * @param authenticated whether credentials were sent
     */
    static Optional<String> refusal(String name, int status, boolean authenticated) {
        if (status == 401) {
            return Optional.of(authenticated ? "the server of remote " + name + " refused the credentials (HTTP 401)"
                    : "remote " + name + " needs credentials (HTTP 401)");
        }
        if (status == 403) {
            return Optional.of(authenticated ? "the server of remote " + name + " forbids access with the credentials given (HTTP 403)"
                    : "the server of remote " + name + " forbids access without credentials (HTTP 403)");
        }
        return Optional.empty();
    }

    private static String secret(Credentials credentials, String refused) throws RepositoryException {
        Path file = credentials.secretFile();
        String what = credentials.kind() == Credentials.Kind.BASIC ? "password file " : "token file ";
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_SECRET_BYTES) {
                throw new RepositoryException(refused + "the " + what + file + " is larger than 16 KiB; nothing was changed.");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RepositoryException(refused + "the " + what + file + " cannot be read: " + IoErrorText.describe(e)
                    + "; nothing was changed.", e);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        // the line break an editor or echo leaves at the end is not part of the secret
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
        }
        if (text.isEmpty() || !printable(text)) {
            throw new RepositoryException(refused + "the " + what + file + " must hold one non-empty line without control"
                    + " characters; nothing was changed.");
        }
        return text;
    }

    private static boolean printable(String text) {
        return text.chars().noneMatch(c -> c < ' ' || c == 0x7f);
    }
}
