package gtach.provisioning.runtime;

import gtach.provisioning.console.CommandProtocol;
import gtach.provisioning.console.OwnerOnly;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CommandClientTest {

    @TempDir
    Path temp;

    @Test
    void colourOnlyOnATerminal() {
        assertThat(CommandClient.wantsColour(true, Map.of("TERM", "xterm-256color"))).isTrue();
        assertThat(CommandClient.wantsColour(false, Map.of("TERM", "xterm-256color"))).isFalse();
    }

    @Test
    void noColourOrADumbTerminalTurnsItOff() {
        assertThat(CommandClient.wantsColour(true, Map.of("TERM", "xterm", "NO_COLOR", "1"))).isFalse();
        assertThat(CommandClient.wantsColour(true, Map.of("TERM", "dumb"))).isFalse();
        assertThat(CommandClient.wantsColour(true, Map.of("TERM", "xterm", "NO_COLOR", ""))).isTrue();
    }

    @Test
    @Timeout(20)
    void runDirectoryOpenToOthersIsNotTrusted() throws Exception {
        // Given a listening socket in a run/ directory anyone may enter
        Path socket = CommandProtocol.socketOf(temp);
        Files.createDirectories(socket.getParent());
        Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        try (ServerSocketChannel listener = listen(socket)) {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));

            // When a command is sent
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = client(err).run("stop 0");

            // Then it is refused in one sentence, and nothing connected
            assertThat(status).isEqualTo(CommandClient.NO_RUNTIME);
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("Not sending the command: " + socket.getParent()
                    + " has " + found(socket.getParent()) + "; expected no permission for others,"
                    + " so the socket there may not be the GTach runtime's own." + System.lineSeparator());
            assertThat(found(socket.getParent())).endsWith("mode rwxr-xr-x");
            assertThat(listener.accept()).isNull();
        }
    }

    @Test
    @Timeout(20)
    void socketAnyoneMayWriteIsNotTrusted() throws Exception {
        // Given a closed run/ directory holding a socket anyone may write to
        Path socket = CommandProtocol.socketOf(temp);
        Files.createDirectories(socket.getParent());
        Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwx------"));
        try (ServerSocketChannel listener = listen(socket)) {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));

            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = client(err).run("stop 0");

            assertThat(status).isEqualTo(CommandClient.NO_RUNTIME);
            assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Not sending the command: " + socket
                    + " has " + found(socket) + "; expected no permission for others");
            assertThat(found(socket)).endsWith("mode rw-rw-rw-");
            assertThat(listener.accept()).isNull();
        }
    }

    @Test
    void missingRunDirectoryStillSaysNoRuntimeIsRunning() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertThat(client(err).run("gtach:status")).isEqualTo(CommandClient.NO_RUNTIME);

        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("No GTach runtime is running on " + temp);
    }

    @Test
    @Timeout(20)
    void runDirectoryItsGroupMayWriteToIsNotTrusted() throws Exception {
        // Given a run/ directory of the user's that its group may write to, so a member could replace the socket
        Path socket = CommandProtocol.socketOf(temp);
        Files.createDirectories(socket.getParent());
        Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwxrwx---"));
        try (ServerSocketChannel listener = listen(socket)) {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));

            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = client(err).run("stop 0");

            assertThat(status).isEqualTo(CommandClient.NO_RUNTIME);
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("Not sending the command: " + socket.getParent()
                    + " has " + found(socket.getParent()) + "; expected no write permission for the group,"
                    + " so the socket there may not be the GTach runtime's own." + System.lineSeparator());
            assertThat(listener.accept()).isNull();
        }
    }

    @Test
    @Timeout(20)
    void symbolicLinkInsteadOfTheRunDirectoryIsNotTrusted() throws Exception {
        // Given run/ as a link to a closed directory of the user's, where a runtime listens
        Path elsewhere = Files.createDirectory(temp.resolve("elsewhere"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path run = Files.createSymbolicLink(temp.resolve("run"), elsewhere);
        try (ServerSocketChannel listener = listen(elsewhere.resolve("gtach.sock"))) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = client(err).run("stop 0");

            assertThat(status).isEqualTo(CommandClient.NO_RUNTIME);
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("Not sending the command: " + run
                    + " is a symbolic link with " + OwnerOnly.describe(Files.readAttributes(run, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS)) + "; expected no symbolic link, so the socket there may not be the GTach runtime's own."
                    + System.lineSeparator());
            assertThat(listener.accept()).isNull();
        }
    }

    @Test
    void homeWhoseSocketPathIsTooLongIsNamedWithItsLength() {
        // Given a home whose socket path is longer than any platform binds
        Path home = temp.resolve("h".repeat(120));
        Path socket = CommandProtocol.socketOf(home);
        String os = System.getProperty("os.name");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = new CommandClient(new GtachHome(home), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, false, false).run("gtach:status");

        assertThat(status).isEqualTo(CommandClient.NO_RUNTIME);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("Cannot reach a GTach runtime on " + home
                + ": its command socket " + socket + " is " + (socket.toString().length() + 1) + " bytes long with its"
                + " terminating NUL, more than the " + CommandProtocol.socketPathLimit(os) + " a Unix domain socket path may have on "
                + os + ", so no runtime can listen there; choose a shorter home (-Dgtach.home or GTACH_HOME)." + System.lineSeparator());
    }

    // With real owners and groups: root can give files to other users, and is a member of the group root

    @Test
    @Timeout(20)
    void homeOwnersChannelSharedWithTheUsersGroupIsTrusted() throws Exception {
        // Given a home of daemon's whose run/ and socket are daemon's, shared with the group root
        assumeRootOnLinux();
        Path socket = CommandProtocol.socketOf(temp);
        try (ServerSocketChannel listener = sharedChannel(socket, "daemon", "daemon", "root")) {
            // When root sends a command, and the listener hangs up once it has the command line
            assertThat(CommandClient.untrusted(temp, socket)).isEmpty();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> client(err).run("gtach:status"));
            listener.configureBlocking(true);
            String line;
            try (SocketChannel connection = listener.accept()) {
                DataInputStream request = new DataInputStream(Channels.newInputStream(connection));
                CommandProtocol.Frame frame = CommandProtocol.read(request);
                while (frame.kind() != CommandProtocol.REQUEST) {
                    frame = CommandProtocol.read(request);
                }
                line = frame.text();
            }

            // Then the command reached it: the socket was trusted
            assertThat(line).isEqualTo("gtach:status");
            assertThat(status.get()).isEqualTo(CommandClient.COMMAND_FAILED);
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("The GTach runtime on " + temp
                    + " closed the connection before the command finished." + System.lineSeparator());
        }
    }

    @Test
    @Timeout(20)
    void socketOfSomeoneElseThanTheUserAndTheHomeOwnerIsNotTrusted() throws Exception {
        // Given a home of daemon's whose socket belongs to nobody
        assumeRootOnLinux();
        Path socket = CommandProtocol.socketOf(temp);
        try (ServerSocketChannel listener = sharedChannel(socket, "daemon", "nobody", "root")) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = client(err).run("stop 0");

            assertThat(status).isEqualTo(CommandClient.NO_RUNTIME);
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("Not sending the command: " + socket
                    + " has owner nobody, group root, mode rw-rw----; expected the owner root or the home's owner daemon,"
                    + " so the socket there may not be the GTach runtime's own." + System.lineSeparator());
            assertThat(listener.accept()).isNull();
        }
    }

    @Test
    @Timeout(20)
    void homeOwnersChannelOfAGroupTheUserIsNotInIsDenied() throws Exception {
        // Given a home of daemon's whose run/ and socket are shared with the group daemon, which root is not in
        assumeRootOnLinux();
        Path socket = CommandProtocol.socketOf(temp);
        try (ServerSocketChannel listener = sharedChannel(socket, "daemon", "daemon", "daemon")) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = client(err).run("stop 0");

            assertThat(status).isEqualTo(CommandClient.NO_RUNTIME);
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("Cannot reach the GTach runtime on " + temp
                    + ": permission denied on " + socket.getParent() + ", which has owner daemon, group daemon, mode rwxr-x---;"
                    + " only daemon and the members of the group daemon may send commands, and root is not one of them."
                    + System.lineSeparator());
            assertThat(listener.accept()).isNull();
        }
    }

    /** A listening socket as a runtime with a command group makes it, in a home of {@code homeOwner}'s. */
    private ServerSocketChannel sharedChannel(Path socket, String homeOwner, String owner, String group) throws Exception {
        UserPrincipalLookupService names = temp.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(temp, names.lookupPrincipalByName(homeOwner));
        Files.createDirectories(socket.getParent());
        ServerSocketChannel listener = listen(socket);
        for (Path path : List.of(socket.getParent(), socket)) {
            Files.setOwner(path, names.lookupPrincipalByName(path.equals(socket) ? owner : homeOwner));
            Files.getFileAttributeView(path, PosixFileAttributeView.class).setGroup(names.lookupPrincipalByGroupName(group));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(path.equals(socket) ? "rw-rw----" : "rwxr-x---"));
        }
        return listener;
    }

    private static void assumeRootOnLinux() {
        assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("user.name").equals("root"),
                "needs root on Linux to give files to other users");
    }

    private static String found(Path path) throws Exception {
        return OwnerOnly.describe(Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    }

    private CommandClient client(ByteArrayOutputStream err) {
        return new CommandClient(new GtachHome(temp), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, false, false);
    }

    private static ServerSocketChannel listen(Path socket) throws Exception {
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(socket));
        listener.configureBlocking(false);
        return listener;
    }
}
