package gtach.provisioning.runtime;

import gtach.provisioning.console.OwnerOnly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;

/**
 * {@code <home>/run}, which holds the home's lock and the command socket. It must be the user's
 * own and closed to everyone else but the command group, if there is one, before the runtime
 * starts: otherwise the command channel could not be kept to them, and a start that says it is
 * ready would be a lie.
 */
final class RunDirectory {

    private RunDirectory() {
    }

    /**
     * Creates the directory owner-only, or closes an existing one of the user's that is open to
     * others; then gives it the command group, if any, as {@link OwnerOnly#restrict} does.
     *
     * @param user who runs the runtime, and so must own the directory
     * @param group the command group, or null for owner only
     * @throws StartupException with one sentence when the directory is someone else's or a symbolic
     *         link, or when the user may not give it the group
     * @throws IOException when it cannot be created or its permissions cannot be set
     */
    static void prepare(Path run, UserPrincipal user, GroupPrincipal group) throws IOException {
        if (!Files.exists(run, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(run, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Optional<OwnerOnly.Problem> problem = OwnerOnly.problem(run, user);
        if (problem.isPresent() && !problem.get().closable()) {
            PosixFileAttributes found = Files.readAttributes(run, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            throw new StartupException("Cannot start GTach: " + run + (found.isSymbolicLink() ? " is a symbolic link with " : " has ")
                    + OwnerOnly.describe(found) + "; expected a directory of " + user.getName()
                    + "'s, so its command channel could not be kept private.");
        }
        try {
            OwnerOnly.restrict(run, group);
        } catch (IOException e) {
            if (group == null) {
                throw e;
            }
            throw new StartupException("Cannot start GTach: " + e.getMessage() + ".");
        }
    }
}
