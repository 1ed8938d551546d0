package gtach.provisioning.console;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class OwnerOnlyTest {

    @TempDir
    Path temp;

    @Test
    void ownDirectoryClosedToOthersPasses() throws IOException {
        // Given a directory of ours with rwx------
        Path run = Files.createDirectory(temp.resolve("run"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));

        // Then nothing is wrong with it
        assertThat(OwnerOnly.problem(run, OwnerOnly.currentUser(run))).isEmpty();
    }

    @Test
    void directoryOpenToOthersIsAProblemItsOwnerCanClose() throws IOException {
        // Given a directory of ours that others may enter
        Path run = Files.createDirectory(temp.resolve("run"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));

        // Then it is too open, which its owner can put right
        OwnerOnly.Problem problem = OwnerOnly.problem(run, OwnerOnly.currentUser(run)).orElseThrow();
        assertThat(problem.description()).isEqualTo("is open to other users (rwxr-xr-x)");
        assertThat(problem.closable()).isTrue();
    }

    @Test
    void socketWritableByAnyoneIsAProblem() throws IOException {
        Path socket = Files.createFile(temp.resolve("gtach.sock"));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThat(OwnerOnly.problem(socket, OwnerOnly.currentUser(socket)))
                .hasValueSatisfying(p -> assertThat(p.description()).isEqualTo("is open to other users (rw-rw-rw-)"));
    }

    @Test
    void pathOfAnotherUserIsAProblemNoPermissionFixes() throws IOException {
        // Given a closed directory, checked for a user who does not own it
        Path run = Files.createDirectory(temp.resolve("run"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        UserPrincipal owner = OwnerOnly.currentUser(run);
        UserPrincipal other = run.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(owner.getName().equals("nobody") ? "root" : "nobody");

        // Then it belongs to someone else, and closing it would not help
        OwnerOnly.Problem problem = OwnerOnly.problem(run, other).orElseThrow();
        assertThat(problem.description()).isEqualTo("belongs to " + owner.getName() + ", not to " + other.getName());
        assertThat(problem.closable()).isFalse();
    }

    @Test
    void symbolicLinkIsNeverTrusted() throws IOException {
        Path target = Files.createDirectory(temp.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(temp.resolve("run"), target);

        assertThat(OwnerOnly.problem(link, OwnerOnly.currentUser(link)))
                .hasValueSatisfying(p -> assertThat(p.description()).isEqualTo("is a symbolic link"));
    }

    // The client's trust rule, as a pure function of what it found

    private static final User OPERATOR = new User("olga");
    private static final User GTACH = new User("gtach");
    private static final User MALLORY = new User("mallory");
    private static final Group OPERATORS = new Group("gtach");
    private static final Group OTHER = new Group("staff");

    @Test
    void pathOfSomeoneElseWhoDoesNotOwnTheHomeIsRefused() {
        // Given a run directory of mallory's in a home of gtach's, mode and group as the runtime makes them
        Found planted = Found.directory(MALLORY, OPERATORS, "rwxr-x---");

        // Then the operator does not trust it: it may have been planted
        assertThat(OwnerOnly.refusal(planted, OPERATOR, GTACH, Set.of(OPERATORS)))
                .contains(new OwnerOnly.Refusal("the owner olga or the home's owner gtach", false));
        // and the owner of a home of their own only trusts themselves
        assertThat(OwnerOnly.refusal(planted, GTACH, GTACH, Set.of(OPERATORS)))
                .contains(new OwnerOnly.Refusal("the owner gtach", false));
    }

    @Test
    void runDirectoryItsGroupMayWriteToIsRefused() {
        Found run = Found.directory(GTACH, OPERATORS, "rwxrwx---");

        assertThat(OwnerOnly.refusal(run, OPERATOR, GTACH, Set.of(OPERATORS)))
                .contains(new OwnerOnly.Refusal("no write permission for the group", false));
        assertThat(OwnerOnly.refusal(run, GTACH, GTACH, Set.of()))
                .contains(new OwnerOnly.Refusal("no write permission for the group", false));
    }

    @Test
    void pathOthersMayReadIsRefused() {
        assertThat(OwnerOnly.refusal(Found.directory(GTACH, OPERATORS, "rwxr-xr--"), OPERATOR, GTACH, Set.of(OPERATORS)))
                .contains(new OwnerOnly.Refusal("no permission for others", false));
        assertThat(OwnerOnly.refusal(Found.socket(OPERATOR, OPERATORS, "rw----r--"), OPERATOR, GTACH, Set.of()))
                .contains(new OwnerOnly.Refusal("no permission for others", false));
    }

    @Test
    void symbolicLinkIsRefusedWhoeverOwnsIt() {
        Found link = new Found(OPERATOR, OPERATORS, PosixFilePermissions.fromString("rwx------"), false, true);

        assertThat(OwnerOnly.refusal(link, OPERATOR, OPERATOR, Set.of(OPERATORS)))
                .contains(new OwnerOnly.Refusal("no symbolic link", false));
    }

    @Test
    void homeOwnersChannelSharedWithTheOperatorsGroupIsTrusted() {
        // Given the run directory and socket as the runtime makes them with the command group
        Found run = Found.directory(GTACH, OPERATORS, "rwxr-x---");
        Found socket = Found.socket(GTACH, OPERATORS, "rw-rw----");

        // Then an operator in the group trusts both, and so does the home's owner
        assertThat(OwnerOnly.refusal(run, OPERATOR, GTACH, Set.of(OTHER, OPERATORS))).isEmpty();
        assertThat(OwnerOnly.refusal(socket, OPERATOR, GTACH, Set.of(OTHER, OPERATORS))).isEmpty();
        assertThat(OwnerOnly.refusal(run, GTACH, GTACH, Set.of())).isEmpty();
        assertThat(OwnerOnly.refusal(socket, GTACH, GTACH, Set.of())).isEmpty();
    }

    @Test
    void homeOwnersChannelOfAGroupTheUserIsNotInIsDeniedNotDistrusted() {
        Found socket = Found.socket(GTACH, OPERATORS, "rw-rw----");

        assertThat(OwnerOnly.refusal(socket, OPERATOR, GTACH, Set.of(OTHER)))
                .contains(new OwnerOnly.Refusal("olga to be a member of the group gtach", true));
    }

    @Test
    void ownersOwnChannelIsTrustedAsBefore() {
        assertThat(OwnerOnly.refusal(Found.directory(OPERATOR, OTHER, "rwx------"), OPERATOR, OPERATOR, Set.of())).isEmpty();
        assertThat(OwnerOnly.refusal(Found.socket(OPERATOR, OTHER, "rw-------"), OPERATOR, OPERATOR, Set.of())).isEmpty();
    }

    @Test
    void describeNamesOwnerGroupAndMode() {
        assertThat(OwnerOnly.describe(Found.directory(GTACH, OPERATORS, "rwxr-x---")))
                .isEqualTo("owner gtach, group gtach, mode rwxr-x---");
    }

    // What the runtime makes

    @Test
    void withoutAGroupTheDirectoryAndSocketAreClosedToEveryoneElse() throws IOException {
        Path run = Files.createDirectory(temp.resolve("run"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxrwxr-x"));
        Path socket = run.resolve("gtach.sock");
        try (ServerSocketChannel listener = listen(socket)) {
            OwnerOnly.restrict(run, null);
            OwnerOnly.restrict(socket, null);
        }

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
    }

    @Test
    void withAGroupTheDirectoryAndSocketGetItAndGroupAccess() throws IOException {
        // Given a group the current user may give: as root any, else the user's primary group
        assumeThat(System.getProperty("os.name")).isEqualTo("Linux");
        GroupPrincipal group = OwnerOnly.group(temp, System.getProperty("user.name").equals("root") ? "daemon"
                : Files.readAttributes(temp, PosixFileAttributes.class).group().getName());
        Path run = Files.createDirectory(temp.resolve("run"));
        Path socket = run.resolve("gtach.sock");
        try (ServerSocketChannel listener = listen(socket)) {
            OwnerOnly.restrict(run, group);
            OwnerOnly.restrict(socket, group);
        }

        PosixFileAttributes directory = Files.readAttributes(run, PosixFileAttributes.class);
        assertThat(directory.group()).isEqualTo(group);
        assertThat(PosixFilePermissions.toString(directory.permissions())).isEqualTo("rwxr-x---");
        PosixFileAttributes file = Files.readAttributes(socket, PosixFileAttributes.class);
        assertThat(file.group()).isEqualTo(group);
        assertThat(PosixFilePermissions.toString(file.permissions())).isEqualTo("rw-rw----");
    }

    @Test
    void symbolicLinkIsNotRestrictedButRefused() throws IOException {
        Path target = Files.createDirectory(temp.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(temp.resolve("run"), target);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatThrownBy(() -> OwnerOnly.restrict(link, null)).isInstanceOf(IOException.class)
                .hasMessage(link + " is a symbolic link");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rwxr-xr-x");
    }

    /** A real socket: its mode cannot be changed the way a regular file's can. */
    private static ServerSocketChannel listen(Path socket) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(socket));
        return listener;
    }

    record User(String getName) implements UserPrincipal {
    }

    record Group(String getName) implements GroupPrincipal {
    }

    /** Attributes as read without following links; only what the rule looks at. */
    record Found(UserPrincipal owner, GroupPrincipal group, Set<PosixFilePermission> permissions,
            boolean isDirectory, boolean isSymbolicLink) implements PosixFileAttributes {

        static Found directory(UserPrincipal owner, GroupPrincipal group, String mode) {
            return new Found(owner, group, PosixFilePermissions.fromString(mode), true, false);
        }

        static Found socket(UserPrincipal owner, GroupPrincipal group, String mode) {
            return new Found(owner, group, PosixFilePermissions.fromString(mode), false, false);
        }

        @Override
        public FileTime lastModifiedTime() {
            return FileTime.fromMillis(0);
        }

        @Override
        public FileTime lastAccessTime() {
            return FileTime.fromMillis(0);
        }

        @Override
        public FileTime creationTime() {
            return FileTime.fromMillis(0);
        }

        @Override
        public boolean isRegularFile() {
            return false;
        }

        @Override
        public boolean isOther() {
            return !isDirectory && !isSymbolicLink;
        }

        @Override
        public long size() {
            return 0;
        }

        @Override
        public Object fileKey() {
            return null;
        }
    }
}
