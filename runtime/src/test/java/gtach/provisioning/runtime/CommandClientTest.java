package gtach.provisioning.runtime;

import gtach.provisioning.console.CommandProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

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
                    + " is open to other users (rwxr-xr-x), so the socket there may not be the GTach runtime's own."
                    + System.lineSeparator());
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
                    + " is open to other users (rw-rw-rw-)");
            assertThat(listener.accept()).isNull();
        }
    }

    @Test
    void missingRunDirectoryStillSaysNoRuntimeIsRunning() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertThat(client(err).run("gtach:status")).isEqualTo(CommandClient.NO_RUNTIME);

        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("No GTach runtime is running on " + temp);
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
