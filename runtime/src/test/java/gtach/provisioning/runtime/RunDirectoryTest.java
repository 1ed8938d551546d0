package gtach.provisioning.runtime;

import gtach.provisioning.console.OwnerOnly;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class RunDirectoryTest {

    @TempDir
    Path temp;

    @Test
    void missingDirectoryIsCreatedOwnerOnly() throws IOException {
        Path run = temp.resolve("run");

        RunDirectory.prepare(run, OwnerOnly.currentUser(temp), null);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run))).isEqualTo("rwx------");
    }

    @Test
    void ownDirectoryOpenToOthersIsClosed() throws IOException {
        Path run = Files.createDirectory(temp.resolve("run"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxrwxrwx"));

        RunDirectory.prepare(run, OwnerOnly.currentUser(temp), null);

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
        assertThatThrownBy(() -> RunDirectory.prepare(run, starter, null))
                .isInstanceOf(StartupException.class)
                .hasMessage("Cannot start GTach: " + run + " has owner " + owner.getName() + ", group "
                        + Files.readAttributes(run, PosixFileAttributes.class).group().getName() + ", mode rwxr-xr-x; expected a directory of "
                        + starter.getName() + "'s, so its command channel could not be kept private.");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run))).isEqualTo("rwxr-xr-x");
    }

    @Test
    void withACommandGroupTheDirectoryGetsItAndGroupAccess() throws IOException {
        // Given a group the user may give (as root any, else the user's primary group) and an owner-only run/
        assumeTrue(System.getProperty("os.name").equals("Linux"));
        GroupPrincipal group = OwnerOnly.group(temp, System.getProperty("user.name").equals("root") ? "daemon"
                : Files.readAttributes(temp, PosixFileAttributes.class).group().getName());
        Path run = temp.resolve("run");
        RunDirectory.prepare(run, OwnerOnly.currentUser(temp), null);

        // When the runtime starts with the command group
        RunDirectory.prepare(run, OwnerOnly.currentUser(temp), group);

        // Then its members may enter, and only the owner may write
        PosixFileAttributes found = Files.readAttributes(run, PosixFileAttributes.class);
        assertThat(found.group()).isEqualTo(group);
        assertThat(PosixFilePermissions.toString(found.permissions())).isEqualTo("rwxr-x---");

        // And without it again, the directory is owner-only again
        RunDirectory.prepare(run, OwnerOnly.currentUser(temp), null);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run))).isEqualTo("rwx------");
    }
}
