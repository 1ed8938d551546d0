package gtach.provisioning.runtime;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CommandClientTest {

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
}
