package gtach.provisioning.runtime;

import gtach.provisioning.console.CommandProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HomeLockTest {

    @TempDir
    Path temp;

    @Test
    void homeWhoseSocketPathIsTooLongFailsTheStartBeforeTouchingIt() {
        // Given a home whose socket path is longer than any platform binds
        GtachHome home = new GtachHome(temp.resolve("h".repeat(120)));
        Path socket = CommandProtocol.socketOf(home.root());
        int length = socket.toString().length() + 1;
        String os = System.getProperty("os.name");

        // Then the start fails naming the path, its length and the limit, and nothing is created
        assertThatThrownBy(() -> HomeLock.acquire(home, null))
                .isInstanceOf(StartupException.class)
                .hasMessage("Cannot start GTach: its command socket " + socket + " is " + length
                        + " bytes long with its terminating NUL, more than the " + CommandProtocol.socketPathLimit(os)
                        + " a Unix domain socket path may have on " + os + "; choose a shorter home (-Dgtach.home or GTACH_HOME).");
        assertThat(Files.exists(home.root())).isFalse();
    }
}
