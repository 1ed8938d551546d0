package gtach.provisioning.console.internal;

import gtach.provisioning.console.OwnerOnly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The directory that holds the socket: owned by the runtime's user and closed to everyone else,
 * so that only that user can reach the socket inside it.
 */
final class OwnerOnlyDirectory {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyDirectory() {
    }

    /**
     * Creates the directory (and its parents) or takes over an existing one after checking that
     * it is a real directory of ours; either way its permissions end as {@code rwx------}.
     */
    static void prepare(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(dir)) {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        Optional<OwnerOnly.Problem> problem = OwnerOnly.problem(dir, OwnerOnly.currentUser(dir));
        if (problem.isPresent() && !problem.get().closable()) {
            throw new IOException(dir + " " + problem.get().description() + "; refusing to put the command socket there");
        }
        Files.setPosixFilePermissions(dir, OWNER_ONLY);
    }
}
