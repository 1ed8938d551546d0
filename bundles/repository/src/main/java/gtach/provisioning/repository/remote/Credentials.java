package gtach.provisioning.repository.remote;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a remote is to be authenticated: HTTP basic with a user name and the password in a file, or
 * a bearer token in a file. Only the files' paths are held here, so the secret itself is never in
 * a value that could be printed; the remote keeps the secret owner-only, never in Config Admin.
 *
 * @param kind       basic or bearer
 * @param user       the user name for basic, null for a bearer token
 * @param secretFile the file holding the password or the token (a trailing line break is ignored)
 * @since 1.3
 */
public record Credentials(Kind kind, String user, Path secretFile) {

    /** The two ways of authenticating. */
    public enum Kind {
        /** HTTP basic: a user name and a password. */
        BASIC,
        /** A bearer token. */
        BEARER
    }

    public Credentials {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(secretFile, "secretFile");
        if (kind == Kind.BASIC) {
            Objects.requireNonNull(user, "user");
        }
    }

    /** HTTP basic credentials: {@code user} and the password in {@code passwordFile}. */
    public static Credentials basic(String user, Path passwordFile) {
        return new Credentials(Kind.BASIC, user, passwordFile);
    }

    /** A bearer token, read from {@code tokenFile}. */
    public static Credentials bearer(Path tokenFile) {
        return new Credentials(Kind.BEARER, null, tokenFile);
    }
}
