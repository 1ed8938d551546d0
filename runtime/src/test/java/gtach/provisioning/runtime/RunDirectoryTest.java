package gtach.provisioning.runtime;

import gtach.provisioning.console.OwnerOnly;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunDirectoryTest {

    @TempDir
    Path temp;

    @Test
    void missingDirectoryIsCreatedOwnerOnly() throws IOException {
        Path run = temp.resolve("run");

        RunDirectory.prepare(run, OwnerOnly.currentUser(temp));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run))).isEqualTo("rwx------");
    }

    @Test
    void ownDirectoryOpenToOthersIsClosed() throws IOException {
        Path run = Files.createDirectory(temp.resolve("run"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxrwxrwx"));

        RunDirectory.prepare(run, OwnerOnly.currentUser(temp));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run))).isEqualTo("rwx------");
    }

    @Test
    void directoryOfAnotherUserFailsTheStartInOneSentence() throws IOException {
        // Given a run/ directory that the user starting the runtime does not own
        Path run = Files.createDirectory(temp.resolve("run"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
        UserPrincipal owner = OwnerOnly.currentUser(temp);
        UserPrincipal starter = temp.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(owner.getName().equals("nobody") ? "root" : "nobody");

        // Then the start fails, naming the directory and its owner, and nothing is changed
        assertThatThrownBy(() -> RunDirectory.prepare(run, starter))
                .isInstanceOf(StartupException.class)
                .hasMessage("Cannot start GTach: " + run + " belongs to " + owner.getName() + ", not to "
                        + starter.getName() + ", so its command channel could not be kept private.");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run))).isEqualTo("rwxr-xr-x");
    }
}
