package gtach.provisioning.console.internal;

import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureMessageTest {

    @Test
    void theCommandsOwnSentenceIsKeptAsItIs() {
        Exception thrown = new InvocationTargetException(
                new IllegalArgumentException("No package gtach.example.tach 9.9.9 in the repository."));
        assertThat(FailureMessage.of(thrown, "gtach:info gtach.example.tach 9.9.9"))
                .isEqualTo("No package gtach.example.tach 9.9.9 in the repository.");
    }

    @Test
    void anUnknownCommandSaysSoAndWhereTheListIs() {
        assertThat(FailureMessage.of(new IllegalArgumentException("Command not found: gtach:instal"), "gtach:instal x"))
                .isEqualTo("There is no command gtach:instal; `help` lists them all, and nothing was run.");
    }

    @Test
    void wrongArgumentsPointAtTheHelpOfTheCommandAsTyped() {
        Exception gogo = new IllegalArgumentException(
                "Cannot coerce remove(String) to any of [(String, String)]");
        assertThat(FailureMessage.of(gogo, "gtach:remove gtach.example.tach"))
                .isEqualTo("gtach:remove does not take these arguments; `help gtach:remove` shows its usage, and nothing was run.");
    }

    @Test
    void aFailureWithoutWordsIsNamedAsAFaultWithTheWayToItsTrace() {
        assertThat(FailureMessage.of(new NullPointerException(), "gtach:status"))
                .isEqualTo("The command failed with NullPointerException, which is a fault in GTach rather than in what was typed;"
                        + " `cmd --verbose` shows where.");
    }
}
