package gtach.provisioning.shell.internal;

import org.junit.jupiter.api.Test;

import static gtach.provisioning.shell.internal.FakeSession.processWritingToTerminal;
import static gtach.provisioning.shell.internal.TerminalColour.CHANNEL_VARIABLE;
import static gtach.provisioning.shell.internal.TerminalColour.CONSOLE_TERMINAL_VARIABLE;
import static gtach.provisioning.shell.internal.TerminalColour.NO_COLOR;
import static org.assertj.core.api.Assertions.assertThat;

class TerminalColourTest {

    @Test
    void noTerminalMeansNoColour() {
        // A script's session, a Pax Exam session, or none at all
        assertThat(TerminalColour.wanted(FakeSession.with(), null, null)).isFalse();
        assertThat(TerminalColour.wanted(null, null, null)).isFalse();
        assertThat(TerminalColour.wanted(FakeSession.with(CHANNEL_VARIABLE, false), null, null)).isFalse();
    }

    @Test
    void theCommandChannelAsksForColourWhenItsClientIsATerminal() {
        assertThat(TerminalColour.wanted(FakeSession.with(CHANNEL_VARIABLE, true), null, null)).isTrue();
        // It knows its client better than a console terminal left in the session
        assertThat(TerminalColour.wanted(FakeSession.with(CHANNEL_VARIABLE, false,
                CONSOLE_TERMINAL_VARIABLE, new FakeSession.Terminal("xterm-256color")), null, null)).isFalse();
    }

    @Test
    void theConsoleColoursUnlessJLineFellBackToADumbTerminal() {
        assertThat(wantedOn(new FakeSession.Terminal("xterm-256color"))).isTrue();
        assertThat(wantedOn(new FakeSession.Terminal("dumb-color"))).isTrue();
        assertThat(wantedOn(new FakeSession.Terminal("dumb"))).isFalse();
        assertThat(wantedOn(new FakeSession.Terminal(null))).isFalse();
        assertThat(wantedOn("not a terminal")).isFalse();
    }

    @Test
    void noColorWinsAsSessionOrEnvironmentVariableUnlessEmpty() {
        assertThat(TerminalColour.wanted(FakeSession.with(CHANNEL_VARIABLE, true, NO_COLOR, "1"), null, null)).isFalse();
        assertThat(TerminalColour.wanted(FakeSession.with(CHANNEL_VARIABLE, true), "1", null)).isFalse();
        assertThat(TerminalColour.wanted(FakeSession.with(CONSOLE_TERMINAL_VARIABLE,
                new FakeSession.Terminal("xterm"), NO_COLOR, true), null, null)).isFalse();
        // no-color.org: an empty value is as good as unset
        assertThat(TerminalColour.wanted(FakeSession.with(CHANNEL_VARIABLE, true, NO_COLOR, ""), "", null)).isTrue();
    }

    @Test
    void outputPipedOrRedirectedInsideGogoIsNotColoured() {
        assertThat(TerminalColour.wanted(FakeSession.with(CHANNEL_VARIABLE, true), null, processWritingToTerminal(false)))
                .isFalse();
        assertThat(TerminalColour.wanted(FakeSession.with(CHANNEL_VARIABLE, true), null, processWritingToTerminal(true)))
                .isTrue();
    }

    private static boolean wantedOn(Object terminal) {
        return TerminalColour.wanted(FakeSession.with(CONSOLE_TERMINAL_VARIABLE, terminal), null, null);
    }
}
