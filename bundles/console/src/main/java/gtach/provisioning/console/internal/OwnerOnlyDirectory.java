package gtach.provisioning.console.internal;

import gtach.provisioning.console.OwnerOnly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The directory that holds the socket: owned by the runtime's user and closed to everyone else
 * but the command group, if there is one, so that only they can reach the socket inside it.
 */
final class OwnerOnlyDirectory {

    private OwnerOnlyDirectory() {
    }

    /**
     * Creates the directory (and its parents) or takes over an existing one after checking that
     * it is a real directory of ours; either way its permissions end as {@link OwnerOnly#restrict} makes them.
     *
     * @param group the command group, or null for owner only
     */
    static void prepare(Path dir, GroupPrincipal group) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(dir)) {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Optional<OwnerOnly.Problem> problem = OwnerOnly.problem(dir, OwnerOnly.currentUser(dir));
        if (problem.isPresent() && !problem.get().closable()) {
            throw new IOException(dir + " " + problem.get().description() + "; refusing to put the command socket there");
        }
        OwnerOnly.restrict(dir, group);
    }
}
