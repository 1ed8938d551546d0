package gtach.provisioning.runtime;

import gtach.provisioning.console.OwnerOnly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;
import java.util.Set;

/**
 * {@code <home>/run}, which holds the home's lock and the command socket. It must be the user's
 * own and closed to everyone else before the runtime starts: otherwise the command channel could
 * not be made private, and a start that says it is ready would be a lie.
 */
final class RunDirectory {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private RunDirectory() {
    }

    /**
     * Creates the directory owner-only, or closes an existing one of the user's that is open to others.
     *
     * @param user who runs the runtime, and so must own the directory
     * @throws StartupException with one sentence when the directory is someone else's or a symbolic link
     * @throws IOException when it cannot be created or its permissions cannot be set
     */
    static void prepare(Path run, UserPrincipal user) throws IOException {
        if (!Files.exists(run, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(run, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        Optional<OwnerOnly.Problem> problem = OwnerOnly.problem(run, user);
        if (problem.isEmpty()) {
            return;
        }
        if (!problem.get().closable()) {
            throw new StartupException("Cannot start GTach: " + run + " " + problem.get().description()
                    + ", so its command channel could not be kept private.");
        }
        Files.setPosixFilePermissions(run, OWNER_ONLY);
    }
}
