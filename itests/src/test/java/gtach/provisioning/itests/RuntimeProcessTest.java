package gtach.provisioning.itests;

import gtach.provisioning.itests.GtachProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static gtach.provisioning.itests.TestBundles.bundle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The runtime jar as an operator meets it: start, commands from a second terminal, restart, stop. */
class RuntimeProcessTest {

    @TempDir
    Path temp;

    @Test
    void bundleInstalledWhileRunningIsStillThereAfterRestart() throws Exception {
        Path home = temp.resolve("home");
        Path jar = bundle("gtach.sample", "1.2.3").exports("gtach.sample;version=1.2.3").writeTo(temp);
        Path updated = bundle("gtach.sample", "1.2.4").exports("gtach.sample;version=1.2.4").writeTo(temp);

        try (GtachProcess runtime = GtachProcess.start(home)) {
            // First boot: the embedded set is running
            Result status = runtime.cmd("gtach:status --all");
            assertThat(status.status()).isZero();
            assertThat(status.out()).containsPattern("gtach\\.provisioning\\.shell +0\\.1\\.0\\.SNAPSHOT +ACTIVE");
            assertThat(status.out()).containsPattern("org\\.apache\\.felix\\.scr +\\S+ +ACTIVE");

            Result install = runtime.cmd("install " + jar.toUri());
            assertThat(install.status()).as(install.out()).isZero();
            assertThat(install.out()).startsWith("Bundle ID: ");
            String id = install.out().substring("Bundle ID: ".length()).strip();
            assertThat(runtime.cmd("start " + id).status()).isZero();
            assertThat(runtime.cmd("update " + id + " " + updated.toUri()).status()).isZero();
            // An embedded bundle removed by the operator must stay removed
            assertThat(runtime.cmd("uninstall org.apache.felix.metatype").status()).isZero();
            assertThat(runtime.stop()).isZero();
        }

        try (GtachProcess runtime = GtachProcess.start(home)) {
            Result status = runtime.cmd("gtach:status --all");
            assertThat(status.out()).containsPattern("gtach\\.sample +1\\.2\\.4 +ACTIVE +2");
            assertThat(status.out()).doesNotContain("org.apache.felix.metatype");
            assertThat(runtime.stop()).isZero();
        }
    }

    @Test
    void commandChannelReportsFailuresAndStatus() throws Exception {
        Path home = temp.resolve("home");
        try (GtachProcess runtime = GtachProcess.start(home)) {
            Result unknown = runtime.cmd("no:such-command");
            assertThat(unknown.status()).isEqualTo(1);
            assertThat(unknown.out().strip())
                    .isEqualTo("There is no command no:such-command; `help` lists them all, and nothing was run.");

            Result lb = runtime.cmd("lb -s");
            assertThat(lb.status()).isZero();
            assertThat(lb.out()).contains("gtach.provisioning.version");

            Result check = runtime.cmd("gtach:check " + temp.resolve("missing.jar"));
            assertThat(check.status()).isEqualTo(1);
            assertThat(check.out().strip()).isEqualTo("Cannot check " + temp.resolve("missing.jar") + ": no such file.");

            // Arguments that fit no form of the command name it and where its usage is
            Result wrong = runtime.cmd("gtach:remove gtach.example.tach");
            assertThat(wrong.status()).isEqualTo(1);
            assertThat(wrong.out().strip()).isEqualTo(
                    "gtach:remove does not take these arguments; `help gtach:remove` shows its usage, and nothing was run.");

            // Felix's commands report failures as text and end normally: through cmd they still fail, in one sentence
            Result start = runtime.cmd("start no.such.bundle");
            assertThat(start.status()).isEqualTo(1);
            assertThat(start.out().strip()).isEqualTo(
                    "start (org.apache.felix.gogo.command) failed with MalformedURLException: no protocol: no.such.bundle.");
            Result invalid = runtime.cmd("start 999");
            assertThat(invalid.status()).isEqualTo(1);
            assertThat(invalid.out().strip()).isEqualTo("start (org.apache.felix.gogo.command): Bundle ID '999' is invalid.");
            Result cat = runtime.cmd("cat " + temp.resolve("no-such-file"));
            assertThat(cat.status()).isEqualTo(1);
            assertThat(cat.out().strip()).startsWith("cat (org.apache.felix.gogo.jline) failed with FileNotFoundException: ");
            // A fault inside Felix's own command is Felix's, not GTach's
            Result refresh = runtime.cmd("refresh");
            assertThat(refresh.status()).isEqualTo(1);
            assertThat(refresh.out().strip()).startsWith("The command refresh failed with NullPointerException inside"
                    + " org.apache.felix.gogo.command ").doesNotContain("fault in GTach");
            // Ordinary output is never read as a failure, even when it quotes an exception
            Result echo = runtime.cmd("echo java.io.IOException: not a failure");
            assertThat(echo.status()).isZero();
            assertThat(runtime.cmd("lb -s nothing.matches").status()).isZero();

            // --verbose adds the stack trace after the sentence; without it there is none
            List<String> verbose = List.of(GtachProcess.java(), "-Dgtach.home=" + home, "-jar", GtachProcess.jar().toString(),
                    "cmd", "--verbose", "gtach:info no.such.package");
            Result traced = GtachProcess.run(verbose);
            assertThat(traced.status()).isEqualTo(1);
            assertThat(traced.out()).startsWith("No package no.such.package in the repository.")
                    .contains("\tat gtach.provisioning.shell.internal.RepositoryCommands.info");
            assertThat(runtime.cmd("gtach:info no.such.package").out().strip())
                    .isEqualTo("No package no.such.package in the repository.");
            assertThat(runtime.stop()).isZero();
        }
        // Once stopped, a command says there is no runtime and fails
        Result none = GtachProcess.cmd(home, "gtach:status");
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.out().strip()).isEqualTo("No GTach runtime is running on " + home + " (nothing listens on "
                + home.resolve("run/gtach.sock") + ").");
    }

    @Test
    void checksAreMadeShownAndDeletedByNameAndBadOnesChangeNothing() throws Exception {
        String kind = "org.apache.felix.hc.generalchecks.ServicesCheck";
        try (GtachProcess runtime = GtachProcess.start(temp.resolve("home"))) {
            Result unknownKind = runtime.cmd("gtach:config com.acme.NoSuchCheck~x a=b");
            assertThat(unknownKind.status()).isEqualTo(1);
            assertThat(unknownKind.out().strip()).startsWith("There is no kind of check com.acme.NoSuchCheck; checks are made from ")
                    .contains(kind);
            Result noName = runtime.cmd("gtach:config " + kind + " hc.name=x");
            assertThat(noName.status()).isEqualTo(1);
            assertThat(noName.out().strip()).isEqualTo(kind + " is a kind of check, not a check: name one as " + kind
                    + "~<name>, for example " + kind + "~servicescheck; nothing was changed.");
            Result required = runtime.cmd("gtach:config " + kind + "~tach hc.name=tach");
            assertThat(required.status()).isEqualTo(1);
            assertThat(required.out().strip()).isEqualTo(kind + "~tach needs services.list, which has no default; nothing was changed.");
            Result badStatus = runtime.cmd("gtach:config " + kind + "~tach services.list=a.B statusForMissing=FINE");
            assertThat(badStatus.status()).isEqualTo(1);
            assertThat(badStatus.out().strip()).startsWith(kind + "~tach statusForMissing cannot be \"FINE\" (")
                    .endsWith("); nothing was changed.");
            assertThat(runtime.cmd("gtach:config").out()).doesNotContain(kind + "~tach");

            Result made = runtime.cmd("gtach:config " + kind + "~tach hc.name=tach services.list=a.B services.list=c.D");
            assertThat(made.status()).as(made.out()).isZero();
            assertThat(made.out()).contains(kind + "~tach services.list = a.B, c.D");
            assertThat(runtime.cmd("gtach:config " + kind + "~tach").out()).containsPattern("services.list +a.B, c.D");
            assertThat(runtime.cmd("gtach:config").out()).containsPattern(kind + "~tach +hc.name +tach");
            assertThat(runtime.cmd("gtach:config " + kind).out()).contains("Checks made from it: " + kind + "~tach;");

            Result deleted = runtime.cmd("gtach:config " + kind + "~tach --delete");
            assertThat(deleted.out().strip()).isEqualTo("Deleted the check " + kind + "~tach.");
            Result again = runtime.cmd("gtach:config " + kind + "~tach --delete");
            assertThat(again.status()).isEqualTo(1);
            assertThat(again.out().strip()).isEqualTo("There is no check " + kind + "~tach; nothing was changed.");
            assertThat(runtime.cmd("gtach:config").out()).doesNotContain(kind + "~tach");
        }
    }

    @Test
    void onlyTheOwnerCanReachTheCommandChannel() throws Exception {
        Path home = temp.resolve("home");
        try (GtachProcess runtime = GtachProcess.start(home)) {
            // The socket and its directory are closed to everyone but the owner
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("run"))))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("run/gtach.sock"))))
                    .isEqualTo("rw-------");

            // Another user, with the home itself open to everyone, still cannot send a command
            assumeThat(System.getProperty("user.name")).as("switching user needs root").isEqualTo("root");
            assumeThat(Path.of("/usr/bin/setpriv")).exists();
            // Open only the test's own directories; /tmp itself is left as it is
            for (Path dir = home; dir.startsWith(temp); dir = dir.getParent()) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Result intruder = GtachProcess.run(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                    "--clear-groups", GtachProcess.java(), "-Duser.home=/tmp", "-Dgtach.home=" + home, "-jar",
                    GtachProcess.jar().toString(), "cmd", "stop 0"));
            assertThat(intruder.status()).as(intruder.out()).isEqualTo(2);
            // The client refuses before connecting: the directory is the home owner's, closed to the intruder
            assertThat(intruder.out().strip()).isEqualTo("Cannot reach the GTach runtime on " + home + ": permission denied on "
                    + home.resolve("run") + ", which has owner root, group root, mode rwx------; only root may send commands,"
                    + " and nobody is not that user.");
            assertThat(runtime.process().isAlive()).isTrue();
            assertThat(runtime.cmd("gtach:status").status()).isZero();
            assertThat(runtime.stop()).isZero();
        }
    }

    @Test
    void secondRuntimeOnTheSameHomeIsRefusedWithOneSentence() throws Exception {
        Path home = temp.resolve("home");
        try (GtachProcess first = GtachProcess.start(home); GtachProcess second = GtachProcess.launch(home)) {
            assertThat(second.awaitExit()).isEqualTo(1);
            assertThat(second.output().strip()).isEqualTo("Cannot start GTach: another runtime (pid "
                    + first.process().pid() + ") is already running on " + home + ".");
            assertThat(first.cmd("gtach:status").status()).isZero();
            assertThat(first.stop()).isZero();
        }
    }

    @Test
    void homeThatCannotBeCreatedIsRefusedWithOneSentence() throws Exception {
        Path file = Files.writeString(temp.resolve("plain-file"), "not a directory");
        Path home = file.resolve("home");
        Result result = GtachProcess.run(List.of(GtachProcess.java(), "-Dgtach.home=" + home, "-jar",
                GtachProcess.jar().toString()));
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out().strip()).startsWith("Cannot start GTach: the home " + home + " is not writable");
        assertThat(result.out().lines().count()).isEqualTo(1);
    }

    @Test
    void homeTheUserMayNotWriteIsRefusedWithOneSentence() throws Exception {
        // Only another user meets a home it may not write: root may write anywhere
        assumeThat(System.getProperty("user.name")).as("switching user needs root").isEqualTo("root");
        assumeThat(Path.of("/usr/bin/setpriv")).exists();
        Path home = Files.createDirectories(temp.resolve("someone-elses-home"));
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));

        Result result = GtachProcess.run(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", GtachProcess.java(), "-Duser.home=/tmp", "-Dgtach.home=" + home, "-jar",
                GtachProcess.jar().toString()));

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out().strip()).startsWith("Cannot start GTach: the home " + home + " is not writable");
        assertThat(result.out().lines().count()).isEqualTo(1);
        try (var left = Files.list(home)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void runDirectoryOfAnotherUserFailsTheStartInOneSentence() throws Exception {
        // Only root can give a directory to another user
        assumeThat(System.getProperty("user.name")).as("changing an owner needs root").isEqualTo("root");
        Path home = Files.createDirectories(temp.resolve("home"));
        Path run = Files.createDirectory(home.resolve("run"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
        var nobody = run.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(run, nobody);

        try (GtachProcess runtime = GtachProcess.launch(home)) {
            assertThat(runtime.awaitExit()).isEqualTo(1);
            assertThat(runtime.output().strip()).isEqualTo("Cannot start GTach: " + run + " has owner nobody, group root,"
                    + " mode rwxr-xr-x; expected a directory of root's, so its command channel could not be kept private.");
        }
    }

    @Test
    void missingServicesAreOneSentenceAtTheConsoleAndOnStandardError() throws Exception {
        // Given a home whose repository directory is a plain file, so the repository cannot activate
        Path home = Files.createDirectories(temp.resolve("home"));
        Path repository = Files.writeString(home.resolve("repository"), "not a directory");

        try (GtachProcess runtime = GtachProcess.start(home)) {
            // Then a repository command says the repository is missing and why, not a NullPointerException
            Result list = runtime.cmd("gtach:list");
            assertThat(list.status()).isEqualTo(1);
            assertThat(list.out().strip()).isEqualTo("The package repository is not available: it is a file, "
                    + "not a directory; see gtach:log.");

            // And the failure reached standard error as one line with that cause, without wrappers or a trace
            runtime.awaitOutputFinding(0, "ERROR .*DirectoryRepository", java.time.Duration.ofSeconds(10));
            assertThat(runtime.output()).contains("Cannot open the repository at " + repository
                            + ": it is a file, not a directory")
                    .doesNotContain("InvocationTargetException: null")
                    .doesNotContainPattern("(?m)^\\s+at ");

            // And with the update service's component disabled, an update command says so
            Result disable = runtime.cmd("scr:disable gtach.provisioning.update.internal.UpdateComponent");
            assertThat(disable.status()).as(disable.out()).isZero();
            Result history = runtime.cmd("gtach:history");
            assertThat(history.status()).isEqualTo(1);
            assertThat(history.out().strip()).isEqualTo("The update service is not available: its component "
                    + "gtach.provisioning.update.internal.UpdateComponent is disabled; see gtach:log.");
            assertThat(runtime.stop()).isZero();
        }
    }

    @Test
    void sigtermStopsTheFrameworkCleanly() throws Exception {
        Path home = temp.resolve("home");
        try (GtachProcess runtime = GtachProcess.start(home)) {
            runtime.process().destroy();
            int status = runtime.awaitExit();
            assertThat(status).isEqualTo(143);
            // A clean stop removes the socket; the next start finds everything as it was
            assertThat(home.resolve("run/gtach.sock")).doesNotExist();
        }
        try (GtachProcess runtime = GtachProcess.start(home)) {
            assertThat(runtime.cmd("gtach:status --all").out()).containsPattern("gtach\\.provisioning\\.version +\\S+ +ACTIVE");
            assertThat(runtime.stop()).isZero();
        }
    }
}
