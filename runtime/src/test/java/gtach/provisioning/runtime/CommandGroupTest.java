package gtach.provisioning.runtime;

import gtach.provisioning.console.OwnerOnly;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CommandGroupTest {

    @TempDir
    Path temp;

    private UserPrincipal user;
    private GroupPrincipal group;

    @BeforeEach
    void aGroupTheUserMayGive() throws IOException {
        assumeTrue(System.getProperty("os.name").equals("Linux"));
        user = OwnerOnly.currentUser(temp);
        group = Files.readAttributes(temp, PosixFileAttributes.class).group();
    }

    @Test
    void systemPropertyComesBeforeTheEnvironmentAndBlankMeansNone() {
        Properties system = new Properties();
        assertThat(CommandGroup.resolve(system, Map.of())).isEmpty();
        assertThat(CommandGroup.resolve(system, Map.of("GTACH_COMMAND_GROUP", " "))).isEmpty();
        assertThat(CommandGroup.resolve(system, Map.of("GTACH_COMMAND_GROUP", "gtach"))).contains(new CommandGroup("gtach"));

        system.setProperty("gtach.command.group", "operators");
        assertThat(CommandGroup.resolve(system, Map.of("GTACH_COMMAND_GROUP", "gtach"))).contains(new CommandGroup("operators"));
    }

    @Test
    void homeOfTheUserThatTheGroupMayEnterWillDo() throws IOException {
        Path home = home("rwxr-x---", group);

        assertThat(new CommandGroup(group.getName()).check(home, user)).isEqualTo(group);
    }

    @Test
    void homeOthersMayEnterWillDoToo() throws IOException {
        Path home = home("rwx-----x", group);

        assertThat(new CommandGroup(group.getName()).check(home, user)).isEqualTo(group);
    }

    @Test
    void homeTheGroupCannotEnterFailsTheStart() throws IOException {
        // Given a home closed to everyone but its owner
        Path home = home("rwx------", group);

        // Then the start fails, saying what the home has and what it needs
        assertThatThrownBy(() -> new CommandGroup(group.getName()).check(home, user))
                .isInstanceOf(StartupException.class)
                .hasMessage("Cannot start GTach: the home " + home + " has owner " + user.getName() + ", group " + group.getName()
                        + ", mode rwx------, which keeps the members of the command group " + group.getName()
                        + " from reaching its command socket; expected group " + group.getName() + " with mode rwxr-x--- (chgrp "
                        + group.getName() + " " + home + " && chmod 750 " + home + ").");
    }

    @Test
    void homeOfAnotherUserFailsTheStart() throws IOException {
        Path home = home("rwxr-x---", group);
        UserPrincipal other = temp.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(user.getName().equals("nobody") ? "root" : "nobody");

        assertThatThrownBy(() -> new CommandGroup(group.getName()).check(home, other))
                .isInstanceOf(StartupException.class)
                .hasMessage("Cannot start GTach: the home " + home + " has owner " + user.getName() + ", group " + group.getName()
                        + ", mode rwxr-x---, but with the command group " + group.getName() + " it must belong to " + other.getName()
                        + ", who runs GTach, or the group's members would not trust its command socket.");
    }

    @Test
    void groupThatDoesNotExistFailsTheStart() throws IOException {
        Path home = home("rwxr-x---", group);

        assertThatThrownBy(() -> new CommandGroup("no-such-group-gtach").check(home, user))
                .isInstanceOf(StartupException.class)
                .hasMessage("Cannot start GTach: the command group no-such-group-gtach (GTACH_COMMAND_GROUP or"
                        + " -Dgtach.command.group) does not exist.");
    }

    private Path home(String mode, GroupPrincipal owner) throws IOException {
        Path home = Files.createDirectory(temp.resolve("home"));
        Files.getFileAttributeView(home, PosixFileAttributeView.class).setGroup(owner);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString(mode));
        return home;
    }
}
