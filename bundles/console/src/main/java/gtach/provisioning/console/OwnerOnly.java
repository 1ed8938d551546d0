package gtach.provisioning.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The command channel's whole access control: its directory and socket belong to the user who
 * runs GTach and are closed to everyone else. Both ends check it, the runtime before it listens and
 * {@code gtach.jar cmd} before it sends a command, since a socket planted by another user would
 * capture that command.
 * <p>
 * On a file system without POSIX attributes there is nothing to check, and every path passes.
 * The methods are stateless and thread-safe.
 *
 * @since 1.2
 */
public final class OwnerOnly {

    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnly() {
    }

    /**
     * The user this JVM runs as, as the path's file system names users.
     *
     * @throws IOException if the file system cannot look the user up
     */
    public static UserPrincipal currentUser(Path path) throws IOException {
        return path.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
    }

    /**
     * What is wrong with an existing path that must belong to {@code user} and grant nothing to
     * group or others. A symbolic link is never trusted.
     *
     * @param path an existing file or directory, not null
     * @param user who must own it, not null
     * @return empty when the path is as it must be, or the file system has no POSIX attributes
     * @throws IOException if the attributes cannot be read, for instance because the path is gone
     */
    public static Optional<Problem> problem(Path path, UserPrincipal user) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return Optional.empty();
        }
        PosixFileAttributes attributes = view.readAttributes();
        if (attributes.isSymbolicLink()) {
            return Optional.of(new Problem("is a symbolic link", false));
        }
        if (!attributes.owner().equals(user)) {
            return Optional.of(new Problem("belongs to " + attributes.owner().getName() + ", not to " + user.getName(), false));
        }
        Set<PosixFilePermission> open = EnumSet.copyOf(GROUP_AND_OTHERS);
        open.retainAll(attributes.permissions());
        if (!open.isEmpty()) {
            return Optional.of(new Problem("is open to other users ("
                    + PosixFilePermissions.toString(attributes.permissions()) + ")", true));
        }
        return Optional.empty();
    }

    /**
     * What is wrong with a path.
     *
     * @param description words to follow the path in a sentence, such as {@code "belongs to bob, not to pi"}
     * @param closable whether the user may put it right by closing the permissions, since the path is theirs
     */
    public record Problem(String description, boolean closable) {
    }
}
