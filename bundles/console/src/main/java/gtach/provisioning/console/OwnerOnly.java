package gtach.provisioning.console;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The command channel's whole access control: who may reach its directory ({@code <home>/run}) and
 * socket, and which of them {@code gtach.jar cmd} trusts, since a socket planted by another user
 * would capture the command sent to it.
 * <p>
 * <b>The runtime's side.</b> Both belong to the user who runs GTach. Without a command group they
 * are closed to everyone else: {@code rwx------} and {@code rw-------}. With a command group
 * ({@link #GROUP_PROPERTY} or {@link #GROUP_VARIABLE}) they get that group and
 * {@code rwxr-x---} and {@code rw-rw----}: the group's members may connect, nobody else may, and
 * only the owner may create anything in the directory. Giving the group needs the runtime's user
 * to be a member of it (or root); {@link #restrict} fails otherwise.
 * <p>
 * <b>The client's side</b> ({@link #refusal}). The directory and the socket are each trusted when
 * <ol>
 *   <li>it is not a symbolic link;</li>
 *   <li>it belongs to the user sending the command, or to the owner of the GTach home itself
 *       (who controls everything inside the home anyway);</li>
 *   <li>others have no permission at all on it;</li>
 *   <li>if it is the directory, its group may not write to it (or a member could replace the socket);</li>
 *   <li>if it belongs to the home's owner rather than to the user, its group is one the user is a
 *       member of. Failing only this rule is no sign of a planted socket but of a user the channel is
 *       not meant for: {@link Refusal#denied()} says so.</li>
 * </ol>
 * So an operator in the group may command a runtime of the home's owner, and nobody but the
 * home's owner and the operator can have put the socket there. For the operator to reach
 * {@code <home>/run} at all, the home itself must let the group in: group {@code x} with that
 * group as the home's group (the Debian package makes it {@code 0750 gtach:gtach}), or others' {@code x}.
 * <p>
 * On a file system without POSIX attributes there is nothing to check, and every path passes.
 * The methods are stateless and thread-safe.
 *
 * @since 1.2
 */
public final class OwnerOnly {

    /**
     * The framework or system property naming the command group; blank or absent means owner only.
     *
     * @since 1.3
     */
    public static final String GROUP_PROPERTY = "gtach.command.group";

    /**
     * The environment variable the launcher reads the command group from when {@link #GROUP_PROPERTY} is not set.
     *
     * @since 1.3
     */
    public static final String GROUP_VARIABLE = "GTACH_COMMAND_GROUP";

    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private static final Set<PosixFilePermission> DIRECTORY_OWNER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> DIRECTORY_GROUP = PosixFilePermissions.fromString("rwxr-x---");
    private static final Set<PosixFilePermission> SOCKET_OWNER = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> SOCKET_GROUP = PosixFilePermissions.fromString("rw-rw----");

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
     * The group of that name, as the path's file system names groups.
     *
     * @param name a group name, not null
     * @throws java.nio.file.attribute.UserPrincipalNotFoundException if there is no such group
     * @throws IOException if the file system cannot look groups up
     * @since 1.3
     */
    public static GroupPrincipal group(Path path, String name) throws IOException {
        return path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(name);
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
     * Gives the channel's directory or socket, which the current user owns, the permissions the
     * runtime's side of the class description states: owner only without a group, else the group
     * and group access. The path is closed to everyone else before its group changes, so it is
     * never open to a group it is not meant for.
     *
     * @param path an existing directory or socket of the current user's, not a symbolic link, in a
     *        directory only that user may write to; not null
     * @param group the command group, or null for owner only
     * @throws IOException with a clause naming the path, the group and the user when the group
     *         cannot be given (the user is not a member of it), or when the permissions cannot be set
     * @since 1.3
     */
    public static void restrict(Path path, GroupPrincipal group) throws IOException {
        PosixFileAttributeView link = Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (link == null) {
            return;
        }
        PosixFileAttributes found = link.readAttributes();
        if (found.isSymbolicLink()) {
            throw new IOException(path + " is a symbolic link");
        }
        // Not a link, in a directory only its owner may write to: the view that follows links may be
        // used, and must be, since changing a socket's mode without following links opens it (ENXIO).
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        boolean directory = found.isDirectory();
        view.setPermissions(directory ? DIRECTORY_OWNER : SOCKET_OWNER);
        if (group == null) {
            return;
        }
        try {
            view.setGroup(group);
        } catch (IOException e) {
            String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : String.valueOf(e.getMessage());
            throw new IOException(path + " cannot be given the group " + group.getName() + " (" + reason + "); the user "
                    + System.getProperty("user.name") + " who runs GTach must be a member of " + group.getName(), e);
        }
        view.setPermissions(directory ? DIRECTORY_GROUP : SOCKET_GROUP);
    }

    /**
     * Whether {@code gtach.jar cmd} may trust the channel's directory or socket it found: the
     * client's rule of the class description, as a pure function.
     *
     * @param found the path's attributes, read without following links; not null
     * @param user who sends the command, not null
     * @param homeOwner the owner of the GTach home, not null (may equal {@code user})
     * @param groups the groups {@code user} is a member of; consulted only when {@code found} is the home owner's
     * @return empty when the path is trusted, else what was expected instead
     * @since 1.3
     */
    public static Optional<Refusal> refusal(PosixFileAttributes found, UserPrincipal user, UserPrincipal homeOwner,
            Set<GroupPrincipal> groups) {
        if (found.isSymbolicLink()) {
            return Optional.of(new Refusal("no symbolic link", false));
        }
        UserPrincipal owner = found.owner();
        if (!owner.equals(user) && !owner.equals(homeOwner)) {
            return Optional.of(new Refusal(homeOwner.equals(user) ? "the owner " + user.getName()
                    : "the owner " + user.getName() + " or the home's owner " + homeOwner.getName(), false));
        }
        Set<PosixFilePermission> permissions = found.permissions();
        if (permissions.stream().anyMatch(OTHERS::contains)) {
            return Optional.of(new Refusal("no permission for others", false));
        }
        if (found.isDirectory() && permissions.contains(PosixFilePermission.GROUP_WRITE)) {
            return Optional.of(new Refusal("no write permission for the group", false));
        }
        if (!owner.equals(user) && !groups.contains(found.group())) {
            return Optional.of(new Refusal(user.getName() + " to be a member of the group " + found.group().getName(), true));
        }
        return Optional.empty();
    }

    /**
     * The owner, group and mode of a path, as a refusal names them: {@code owner pi, group gtach, mode rwxr-x---}.
     *
     * @since 1.3
     */
    public static String describe(PosixFileAttributes found) {
        return "owner " + found.owner().getName() + ", group " + found.group().getName()
                + ", mode " + PosixFilePermissions.toString(found.permissions());
    }

    /**
     * What is wrong with a path.
     *
     * @param description words to follow the path in a sentence, such as {@code "belongs to bob, not to pi"}
     * @param closable whether the user may put it right by closing the permissions, since the path is theirs
     */
    public record Problem(String description, boolean closable) {
    }

    /**
     * Why {@code gtach.jar cmd} does not trust a path of the channel.
     *
     * @param expected what the path should have been, to follow "expected" in a sentence,
     *        such as {@code "no permission for others"}
     * @param denied true when the path is the home owner's and only not meant for this user (who
     *        could not connect anyway), false when it may have been planted by someone else
     * @since 1.3
     */
    public record Refusal(String expected, boolean denied) {
    }
}
