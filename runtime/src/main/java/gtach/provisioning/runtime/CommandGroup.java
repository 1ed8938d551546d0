package gtach.provisioning.runtime;

import gtach.provisioning.console.OwnerOnly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The group of operators who may use the command channel besides the user who runs GTach:
 * {@code -Dgtach.command.group}, else {@code GTACH_COMMAND_GROUP}; neither means owner only.
 *
 * @param name the group's name
 */
record CommandGroup(String name) {

    static Optional<CommandGroup> resolve(Properties system, Map<String, String> environment) {
        String name = system.getProperty(OwnerOnly.GROUP_PROPERTY);
        if (name == null || name.isBlank()) {
            name = environment.get(OwnerOnly.GROUP_VARIABLE);
        }
        return name == null || name.isBlank() ? Optional.empty() : Optional.of(new CommandGroup(name.strip()));
    }

    /**
     * The group, once the home is checked to be usable by its members: it must belong to the
     * user who runs GTach (the members' {@code gtach.jar cmd} trusts nobody else's socket) and
     * let the group in, or they could not reach {@code <home>/run}. Only the home itself is
     * checked; its parents must let the members through too.
     *
     * @param home an existing home
     * @param user who runs GTach
     * @throws StartupException with one sentence when the group does not exist or the home will not do
     */
    GroupPrincipal check(Path home, UserPrincipal user) throws IOException {
        GroupPrincipal group;
        try {
            group = OwnerOnly.group(home, name);
        } catch (UserPrincipalNotFoundException e) {
            throw new StartupException("Cannot start GTach: the command group " + name + " (" + OwnerOnly.GROUP_VARIABLE
                    + " or -D" + OwnerOnly.GROUP_PROPERTY + ") does not exist.");
        }
        PosixFileAttributeView view = Files.getFileAttributeView(home, PosixFileAttributeView.class);
        if (view == null) {
            return group;
        }
        PosixFileAttributes found = view.readAttributes();
        if (!found.owner().equals(user)) {
            throw new StartupException("Cannot start GTach: the home " + home + " has " + OwnerOnly.describe(found)
                    + ", but with the command group " + name + " it must belong to " + user.getName()
                    + ", who runs GTach, or the group's members would not trust its command socket.");
        }
        boolean groupEnters = found.group().equals(group) && found.permissions().contains(PosixFilePermission.GROUP_EXECUTE);
        if (!groupEnters && !found.permissions().contains(PosixFilePermission.OTHERS_EXECUTE)) {
            throw new StartupException("Cannot start GTach: the home " + home + " has " + OwnerOnly.describe(found)
                    + ", which keeps the members of the command group " + name + " from reaching its command socket;"
                    + " expected group " + name + " with mode rwxr-x--- (chgrp " + name + " " + home + " && chmod 750 " + home + ").");
        }
        return group;
    }
}
