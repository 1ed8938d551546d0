package gtach.provisioning.console;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

import static org.assertj.core.api.Assertions.assertThat;

class OwnerOnlyTest {

    @TempDir
    Path temp;

    @Test
    void ownDirectoryClosedToOthersPasses() throws IOException {
        // Given a directory of ours with rwx------
        Path run = Files.createDirectory(temp.resolve("run"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));

        // Then nothing is wrong with it
        assertThat(OwnerOnly.problem(run, OwnerOnly.currentUser(run))).isEmpty();
    }

    @Test
    void directoryOpenToOthersIsAProblemItsOwnerCanClose() throws IOException {
        // Given a directory of ours that others may enter
        Path run = Files.createDirectory(temp.resolve("run"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));

        // Then it is too open, which its owner can put right
        OwnerOnly.Problem problem = OwnerOnly.problem(run, OwnerOnly.currentUser(run)).orElseThrow();
        assertThat(problem.description()).isEqualTo("is open to other users (rwxr-xr-x)");
        assertThat(problem.closable()).isTrue();
    }

    @Test
    void socketWritableByAnyoneIsAProblem() throws IOException {
        Path socket = Files.createFile(temp.resolve("gtach.sock"));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThat(OwnerOnly.problem(socket, OwnerOnly.currentUser(socket)))
                .hasValueSatisfying(p -> assertThat(p.description()).isEqualTo("is open to other users (rw-rw-rw-)"));
    }

    @Test
    void pathOfAnotherUserIsAProblemNoPermissionFixes() throws IOException {
        // Given a closed directory, checked for a user who does not own it
        Path run = Files.createDirectory(temp.resolve("run"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        UserPrincipal owner = OwnerOnly.currentUser(run);
        UserPrincipal other = run.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(owner.getName().equals("nobody") ? "root" : "nobody");

        // Then it belongs to someone else, and closing it would not help
        OwnerOnly.Problem problem = OwnerOnly.problem(run, other).orElseThrow();
        assertThat(problem.description()).isEqualTo("belongs to " + owner.getName() + ", not to " + other.getName());
        assertThat(problem.closable()).isFalse();
    }

    @Test
    void symbolicLinkIsNeverTrusted() throws IOException {
        Path target = Files.createDirectory(temp.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(temp.resolve("run"), target);

        assertThat(OwnerOnly.problem(link, OwnerOnly.currentUser(link)))
                .hasValueSatisfying(p -> assertThat(p.description()).isEqualTo("is a symbolic link"));
    }
}
