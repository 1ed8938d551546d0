package gtach.provisioning.itests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A home made on one machine works on another after copying it with {@code tar}: unpacked under
 * another path, its repository verifies clean, the application runs, and updates and rollbacks
 * work. Its files hold nothing a Mac (or a Pi) would read differently: no symbolic link, no
 * carriage return, no executable bit, and no absolute path of the home they were made in.
 */
class HomeMoveProcessTest {

    private static final String APP = "gtach.itest.moved.app";

    @TempDir
    Path temp;

    @Test
    void aHomeArchivedWithTarAndUnpackedUnderAnotherPathVerifiesUpdatesAndRollsBack() throws Exception {
        Path made = temp.resolve("pi/home/pi/.gtach");
        TestBundles.bundle(APP, "1.0.0").exports(APP + ";version=1.0.0").writeTo(temp.resolve("packages"));
        TestBundles.bundle(APP, "1.1.0").exports(APP + ";version=1.1.0").writeTo(temp.resolve("packages"));
        try (GtachProcess runtime = GtachProcess.start(made)) {
            runtime.ok("gtach:add " + temp.resolve("packages"));
            runtime.ok("gtach:install " + APP + " 1.0.0");
            assertThat(runtime.stop()).isZero();
        }

        // archived as an operator would, without the running runtime's socket and lock
        Path archive = temp.resolve("home.tar.gz");
        run(List.of("tar", "-czf", archive.toString(), "-C", made.toString(), "--exclude=./run", "."));
        Path moved = Files.createDirectories(temp.resolve("mac/Users/someone/Library/GTach home"));
        run(List.of("tar", "-xzf", archive.toString(), "-C", moved.toString()));

        assertPortable(moved, made);
        try (GtachProcess runtime = GtachProcess.start(moved)) {
            assertThat(runtime.ok("gtach:verify")).doesNotContainIgnoringCase("quarantine").doesNotContainIgnoringCase("damaged");
            assertThat(runtime.ok("gtach:status")).containsPattern(APP + " +1\\.0\\.0 +ACTIVE");
            runtime.ok("gtach:update " + APP);
            assertThat(runtime.ok("gtach:status")).containsPattern(APP + " +1\\.1\\.0 +ACTIVE");
            runtime.ok("gtach:rollback");
            assertThat(runtime.ok("gtach:status")).containsPattern(APP + " +1\\.0\\.0 +ACTIVE");
            assertThat(runtime.stop()).isZero();
        }
    }

    /** Every file GTach wrote is plain: no link, no carriage return in its text, no executable bit, no path of the old home. */
    private static void assertPortable(Path home, Path madeIn) throws Exception {
        Set<PosixFilePermission> executable = Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_EXECUTE);
        byte[] oldHome = madeIn.toString().getBytes(StandardCharsets.UTF_8);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(home)) {
            files = walk.filter(p -> !p.startsWith(home.resolve("framework"))).toList();
        }
        for (Path file : files) {
            assertThat(Files.isSymbolicLink(file)).as("%s is a symbolic link", file).isFalse();
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            assertThat(Files.getPosixFilePermissions(file)).as("the modes of %s", file).doesNotContainAnyElementsOf(executable);
            String name = file.getFileName().toString();
            if (name.endsWith(".json") || name.endsWith(".log") || !name.contains(".")) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(text).as("%s", file).doesNotContain("\r");
                if (!file.startsWith(home.resolve("log"))) {
                    // a log tells what happened where; the state and the repository must not depend on where they were made
                    assertThat(text).as("%s", file).doesNotContain(new String(oldHome, StandardCharsets.ISO_8859_1));
                }
            }
        }
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s:%n%s", command, out).isZero();
    }
}
