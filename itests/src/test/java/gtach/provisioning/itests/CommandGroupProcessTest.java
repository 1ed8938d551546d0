package gtach.provisioning.itests;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The command channel shared with an operators' group, as the Debian package runs it
 * ({@code GTACH_COMMAND_GROUP}, a home {@code 0750} of the runtime's user and that group), with
 * real users: one in the group, one not. Creating them needs root on Linux; elsewhere these
 * tests are skipped. Also: a home too long for a socket path.
 */
class CommandGroupProcessTest {

    private static final String SUFFIX = Long.toString(ProcessHandle.current().pid(), 36);
    private static final String GROUP = "gtops" + SUFFIX;
    private static final String MEMBER = "gtmem" + SUFFIX;
    private static final String OUTSIDER = "gtout" + SUFFIX;
    private static final boolean ROOT_ON_LINUX = System.getProperty("os.name").equals("Linux")
            && System.getProperty("user.name").equals("root");

    @TempDir
    Path temp;

    @BeforeAll
    static void operators() throws Exception {
        if (!ROOT_ON_LINUX) {
            return;
        }
        removeOperators();
        system("groupadd", GROUP);
        system("useradd", "--no-create-home", "--no-user-group", "--shell", "/usr/sbin/nologin", "--groups", GROUP, MEMBER);
        system("useradd", "--no-create-home", "--no-user-group", "--shell", "/usr/sbin/nologin", OUTSIDER);
    }

    @AfterAll
    static void removeOperators() throws Exception {
        if (!ROOT_ON_LINUX) {
            return;
        }
        // Each may be missing when creating failed half-way: remove what is there
        for (List<String> command : List.of(List.of("userdel", MEMBER), List.of("userdel", OUTSIDER), List.of("groupdel", GROUP))) {
            GtachProcess.run(command);
        }
    }

    @Test
    void membersOfTheCommandGroupMaySendCommandsAndNobodyElse() throws Exception {
        // Given a home of root's that the group may enter, as the package makes it, and a jar all may read
        assumeTrue(ROOT_ON_LINUX, "needs root on Linux to create users and groups");
        Path jar = readableJar();
        Path home = Files.createDirectory(temp.resolve("home"));
        setGroup(home, GROUP);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-x---"));

        // When the runtime starts as root with the command group
        try (GtachProcess runtime = GtachProcess.start(home, List.of(), Map.of("GTACH_COMMAND_GROUP", GROUP))) {
            // Then its run directory and socket are the group's, and closed to others
            assertThat(describe(home.resolve("run"))).isEqualTo("root " + GROUP + " rwxr-x---");
            assertThat(describe(home.resolve("run/gtach.sock"))).isEqualTo("root " + GROUP + " rw-rw----");

            // and a member may send a command
            GtachProcess.Result member = cmdAs(MEMBER, jar, home, "gtach:status");
            assertThat(member.status()).as(member.out()).isZero();
            assertThat(member.out()).startsWith("Generation 0 (nothing installed yet)");

            // and a user outside the group is turned away in one sentence, the runtime untouched
            GtachProcess.Result outsider = cmdAs(OUTSIDER, jar, home, "stop 0");
            assertThat(outsider.status()).isEqualTo(2);
            assertThat(outsider.out()).isEqualTo("Cannot reach the GTach runtime on " + home + ": permission denied on " + home
                    + ", which has owner root, group " + GROUP + ", mode rwxr-x---; only root and the members of the group "
                    + GROUP + " may send commands, and " + OUTSIDER + " is not one of them.\n");
            assertThat(runtime.process().isAlive()).isTrue();
            assertThat(runtime.stop()).isZero();
        }
    }

    @Test
    void runtimeUserOutsideTheCommandGroupCannotStart() throws Exception {
        // Given a home of a user who is not in the command group
        assumeTrue(ROOT_ON_LINUX, "needs root on Linux to create users and groups");
        Path jar = readableJar();
        Path home = Files.createDirectory(temp.resolve("home"));
        Files.setOwner(home, names().lookupPrincipalByName(OUTSIDER));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));

        // When that user starts the runtime with the command group
        List<String> command = new ArrayList<>(List.of("runuser", "-u", OUTSIDER, "--", "env", "GTACH_COMMAND_GROUP=" + GROUP,
                GtachProcess.java(), "-XX:-UsePerfData", "-Dgtach.home=" + home, "-jar", jar.toString()));
        GtachProcess.Result start = GtachProcess.run(command);

        // Then it refuses in one sentence
        assertThat(start.status()).isEqualTo(1);
        assertThat(start.out()).isEqualTo("Cannot start GTach: " + home.resolve("run") + " cannot be given the group " + GROUP
                + " (Operation not permitted); the user " + OUTSIDER + " who runs GTach must be a member of " + GROUP + ".\n");
    }

    @Test
    void homeTooLongForASocketPathIsRefusedByTheRuntimeAndByCmd() throws Exception {
        // Given a home whose socket path is longer than any platform binds
        Path home = temp.resolve("h".repeat(120));
        Path socket = home.resolve("run/gtach.sock");
        String os = System.getProperty("os.name");
        String length = (socket.toString().length() + 1) + " bytes long with its terminating NUL, more than the "
                + (os.startsWith("Mac") ? 104 : 108) + " a Unix domain socket path may have on " + os;

        // When the runtime starts there, and a command is sent there
        GtachProcess.Result start = GtachProcess.run(List.of(GtachProcess.java(), "-Dgtach.home=" + home, "-jar",
                GtachProcess.jar().toString()));
        GtachProcess.Result cmd = GtachProcess.cmd(home, "gtach:status");

        // Then both say why in one sentence, and the runtime left nothing behind
        assertThat(start.status()).isEqualTo(1);
        assertThat(start.out()).isEqualTo("Cannot start GTach: its command socket " + socket + " is " + length
                + "; choose a shorter home (-Dgtach.home or GTACH_HOME).\n");
        assertThat(cmd.status()).isEqualTo(2);
        assertThat(cmd.out()).isEqualTo("Cannot reach a GTach runtime on " + home + ": its command socket " + socket + " is "
                + length + ", so no runtime can listen there; choose a shorter home (-Dgtach.home or GTACH_HOME).\n");
        assertThat(home).doesNotExist();
    }

    /** Runs {@code gtach.jar cmd} as another user, from a directory they may enter. */
    private GtachProcess.Result cmdAs(String user, Path jar, Path home, String line) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("runuser", "-u", user, "--", GtachProcess.java(), "-XX:-UsePerfData",
                "-Dgtach.home=" + home, "-jar", jar.toString(), "cmd", line).directory(temp.toFile()).redirectErrorStream(true);
        Process client = builder.start();
        String out = new String(client.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!client.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new AssertionError("cmd " + line + " as " + user + " did not finish within 60 s");
        }
        return new GtachProcess.Result(client.exitValue(), out);
    }

    /** The runtime jar where the created users can read it; the temporary directory opened for them to pass. */
    private Path readableJar() throws IOException {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Files.copy(GtachProcess.jar(), temp.resolve("gtach.jar"));
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        return jar;
    }

    private static String describe(Path path) throws IOException {
        PosixFileAttributes found = Files.readAttributes(path, PosixFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        return found.owner().getName() + " " + found.group().getName() + " " + PosixFilePermissions.toString(found.permissions());
    }

    private static void setGroup(Path path, String group) throws IOException {
        Files.getFileAttributeView(path, PosixFileAttributeView.class).setGroup(names().lookupPrincipalByGroupName(group));
    }

    private static UserPrincipalLookupService names() {
        return java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService();
    }

    private static void system(String... command) throws IOException, InterruptedException {
        GtachProcess.Result result = GtachProcess.run(List.of(command));
        if (result.status() != 0) {
            throw new AssertionError(String.join(" ", command) + " ended with " + result.status() + ": " + result.out());
        }
    }
}
