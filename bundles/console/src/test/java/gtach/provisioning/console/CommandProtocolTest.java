package gtach.provisioning.console;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandProtocolTest {

    @Test
    void framesRoundTripInOrder() throws IOException {
        // Given a request and an answer written as the two sides do
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        CommandProtocol.writeText(out, CommandProtocol.DIRECTORY, "/home/pi");
        CommandProtocol.writeText(out, CommandProtocol.REQUEST, "gtach:status — ü");
        CommandProtocol.writeExit(out, 1);
        CommandProtocol.writeExit(out, -7);

        // When they are read back
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));

        // Then kinds, text and status survive, including UTF-8 and negative statuses
        assertThat(CommandProtocol.read(in).text()).isEqualTo("/home/pi");
        CommandProtocol.Frame request = CommandProtocol.read(in);
        assertThat(request.kind()).isEqualTo(CommandProtocol.REQUEST);
        assertThat(request.text()).isEqualTo("gtach:status — ü");
        assertThat(CommandProtocol.read(in).status()).isEqualTo(1);
        assertThat(CommandProtocol.read(in).status()).isEqualTo(-7);
    }

    @Test
    void truncatedOrOversizedFramesAreRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        CommandProtocol.writeText(out, CommandProtocol.OUT, "hello");
        byte[] whole = bytes.toByteArray();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 2);
        assertThatThrownBy(() -> CommandProtocol.read(new DataInputStream(new ByteArrayInputStream(cut))))
                .isInstanceOf(EOFException.class);

        byte[] huge = {CommandProtocol.REQUEST, 0x7f, 0, 0, 0};
        assertThatThrownBy(() -> CommandProtocol.read(new DataInputStream(new ByteArrayInputStream(huge))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("length");
    }

    @Test
    void statusIsOnlyReadFromExitFrames() {
        assertThatThrownBy(() -> new CommandProtocol.Frame(CommandProtocol.OUT, new byte[4]).status())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void socketLivesInTheOwnerOnlyRunDirectory() {
        assertThat(CommandProtocol.socketOf(Path.of("/home/pi/.gtach"))).isEqualTo(Path.of("/home/pi/.gtach/run/gtach.sock"));
    }

    @Test
    void socketPathLimitIsTheSunPathOfThePlatform() {
        assertThat(CommandProtocol.socketPathLimit("Mac OS X")).isEqualTo(104);
        assertThat(CommandProtocol.socketPathLimit("Linux")).isEqualTo(108);
    }

    @Test
    void socketPathLongerThanThePlatformAllowsIsNamedWithItsLength() {
        // Given socket paths of 107 and 108 bytes, and 108 and 109 with the terminating NUL
        Path fits = Path.of("/" + "h".repeat(106));
        Path tooLong = Path.of("/" + "h".repeat(107));

        // Then Linux binds the first and not the second, and macOS neither
        assertThat(CommandProtocol.socketPathTooLong(fits, "Linux")).isEmpty();
        assertThat(CommandProtocol.socketPathTooLong(tooLong, "Linux")).contains(
                "is 109 bytes long with its terminating NUL, more than the 108 a Unix domain socket path may have on Linux");
        assertThat(CommandProtocol.socketPathTooLong(fits, "Mac OS X")).contains(
                "is 108 bytes long with its terminating NUL, more than the 104 a Unix domain socket path may have on Mac OS X");
    }
}
