package gtach.provisioning.console.internal;

import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class FailureMessageTest {

    private static final Optional<CommandOwner> GTACH = Optional.of(new CommandOwner("gtach.provisioning.shell", "0.1.0"));
    private static final Optional<CommandOwner> FELIX =
            Optional.of(new CommandOwner("org.apache.felix.gogo.command", "1.1.2"));

    @Test
    void theCommandsOwnSentenceIsKeptAsItIs() {
        Exception thrown = new InvocationTargetException(
                new IllegalArgumentException("No package gtach.example.tach 9.9.9 in the repository."));
        assertThat(FailureMessage.of(thrown, "gtach:info gtach.example.tach 9.9.9", GTACH))
                .isEqualTo("No package gtach.example.tach 9.9.9 in the repository.");
    }

    @Test
    void anUnknownCommandSaysSoAndWhereTheListIs() {
        assertThat(FailureMessage.of(new IllegalArgumentException("Command not found: gtach:instal"), "gtach:instal x", Optional.empty()))
                .isEqualTo("There is no command gtach:instal; `help` lists them all, and nothing was run.");
    }

    @Test
    void wrongArgumentsPointAtTheHelpOfTheCommandAsTyped() {
        Exception gogo = new IllegalArgumentException(
                "Cannot coerce remove(String) to any of [(String, String)]");
        assertThat(FailureMessage.of(gogo, "gtach:remove gtach.example.tach", GTACH))
                .isEqualTo("gtach:remove does not take these arguments; `help gtach:remove` shows its usage, and nothing was run.");
    }

    @Test
    void aFailureWithoutWordsIsNamedAsAFaultWithTheWayToItsTrace() {
        assertThat(FailureMessage.of(new NullPointerException(), "gtach:status", GTACH))
                .isEqualTo("The command gtach:status failed with NullPointerException, which is a fault in GTach rather than"
                        + " in what was typed; `cmd --verbose` shows where.");
    }

    @Test
    void aFailureWithoutWordsInFelixsOwnCommandIsNamedAsFelixs() {
        Exception gogo = new InvocationTargetException(new NullPointerException());
        assertThat(FailureMessage.of(gogo, "refresh", FELIX))
                .isEqualTo("The command refresh failed with NullPointerException inside org.apache.felix.gogo.command 1.1.2,"
                        + " which provides it: a fault in that bundle rather than in GTach or in what was typed;"
                        + " `cmd --verbose` shows where.");
    }
}
