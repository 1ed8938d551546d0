package gtach.provisioning.itests;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The class-data sharing archive the packaged {@code gtach} command keeps in {@code <home>/cache/cds}:
 * written when the runtime first exits, checked and taken into use by the next start, mapped by every
 * start after it, never used for another gtach.jar, and never a reason for the runtime not to start.
 * The Debian package is unpacked and its command run as its unit runs it; whether the JVM mapped the
 * archive is read from {@code /proc/<pid>/maps}, as the command's exec makes the JVM the process
 * started here.
 */
class ClassDataArchiveProcessTest {

    private static final String CHECKED = ".jsa";
    private static final String UNCHECKED = ".unchecked.jsa";

    @TempDir
    Path temp;

    private Path command;
    private Path jar;
    private Path home;
    private Path cache;

    @BeforeEach
    void unpack() throws Exception {
        Path baseArchive = Path.of(System.getProperty("java.home"), "lib", "server", "classes.jsa");
        Assumptions.assumeTrue(Files.isRegularFile(baseArchive),
                "The tests' JVM has no base CDS archive (" + baseArchive + "), so the command makes no archive of its own");
        Path root = OsPackages.unpackDeb(temp.resolve("root"));
        command = root.resolve(OsPackages.DEB_COMMAND);
        jar = root.resolve("usr/share/gtach/gtach.jar");
        home = temp.resolve("home");
        cache = home.resolve("cache/cds");
    }

    @Test
    void firstExitWritesTheArchiveTheNextStartChecksAndEveryLaterStartMaps() throws Exception {
        try (GtachProcess runtime = start()) {
            assertThat(archives()).as("nothing is written before the JVM exits").isEmpty();
            assertThat(mappedArchives(runtime)).isEmpty();
            assertThat(stop(runtime)).isEqualTo(143);
        }
        assertThat(archives()).singleElement().satisfies(written -> {
            assertThat(written.getFileName().toString()).startsWith("gtach-").endsWith(UNCHECKED);
            assertThat(Files.size(written)).isGreaterThan(1 << 20);
        });

        Path archive;
        try (GtachProcess runtime = start()) {
            archive = checkedArchive();
            assertThat(mappedArchives(runtime)).containsExactly(archive);
            assertThat(runtime.ok("gtach:status")).isNotBlank();
            assertThat(stop(runtime)).isEqualTo(143);
        }
        FileTime written = Files.getLastModifiedTime(archive);

        try (GtachProcess runtime = start()) {
            assertThat(mappedArchives(runtime)).containsExactly(archive);
            assertThat(stop(runtime)).isEqualTo(143);
        }
        assertThat(archives()).as("a start that mapped the archive writes none").containsExactly(archive);
        assertThat(Files.getLastModifiedTime(archive)).isEqualTo(written);
    }

    @Test
    void anotherGtachJarNeverMapsTheOldArchiveWhichMakesRoomForItsOwn() throws Exception {
        Path old = archiveInUse();
        // An upgrade: another gtach.jar in the same place, here told apart by its modification time only
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));

        try (GtachProcess runtime = start()) {
            assertThat(mappedArchives(runtime)).isEmpty();
            assertThat(old).doesNotExist();
            assertThat(stop(runtime)).isEqualTo(143);
        }
        assertThat(archives()).singleElement().satisfies(written -> assertThat(written.getFileName().toString())
                .endsWith(UNCHECKED).isNotEqualTo(old.getFileName().toString().replace(CHECKED, UNCHECKED)));
        try (GtachProcess runtime = start()) {
            assertThat(mappedArchives(runtime)).containsExactly(checkedArchive());
            assertThat(stop(runtime)).isEqualTo(143);
        }
    }

    @Test
    void truncatedArchiveIsRefusedByItsCheckAndWrittenAgain() throws Exception {
        Path archive = archiveInUse();
        // A power loss while the JVM wrote it: the header made it to the disk, the end did not. A JVM
        // that mapped this one would crash before the runtime's first line.
        Path truncated = cache.resolve(archive.getFileName().toString().replace(CHECKED, UNCHECKED));
        byte[] bytes = Files.readAllBytes(archive);
        Files.delete(archive);
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));

        try (GtachProcess runtime = start()) {
            assertThat(mappedArchives(runtime)).isEmpty();
            assertThat(runtime.ok("gtach:status")).isNotBlank();
            assertThat(stop(runtime)).isEqualTo(143);
        }
        assertThat(archives()).containsExactly(truncated);
        // Written again, whole (the classes a boot loads, and so the size, vary a little between boots)
        assertThat(Files.size(truncated)).isGreaterThan(bytes.length / 2 + (1 << 20));
        try (Stream<Path> files = Files.list(home)) {
            assertThat(files.map(file -> file.getFileName().toString())).noneMatch(name -> name.startsWith("hs_err"));
        }
        try (GtachProcess runtime = start()) {
            assertThat(mappedArchives(runtime)).containsExactly(archive);
            assertThat(stop(runtime)).isEqualTo(143);
        }
    }

    @Test
    void damagedArchiveInUseStillLetsTheRuntimeStartQuietly() throws Exception {
        Path archive = archiveInUse();
        byte[] noise = new byte[(int) Files.size(archive)];
        new Random(16).nextBytes(noise);
        Files.delete(archive);
        Files.write(archive, noise);

        try (GtachProcess runtime = start()) {
            assertThat(mappedArchives(runtime)).isEmpty();
            assertThat(runtime.ok("gtach:status")).isNotBlank();
            assertThat(stop(runtime)).isEqualTo(143);
        }
    }

    /** Two starts and stops, after which the checked archive exists and is mapped; answers it. */
    private Path archiveInUse() throws Exception {
        for (int i = 0; i < 2; i++) {
            try (GtachProcess runtime = start()) {
                assertThat(stop(runtime)).isEqualTo(143);
            }
        }
        return checkedArchive();
    }

    /** The command in the foreground on the home, as the unit's ExecStart runs it, once the runtime is ready. */
    private GtachProcess start() throws Exception {
        GtachProcess runtime = GtachProcess.launchCommand(home, List.of(command.toString()), OsPackages.environment(home));
        OptionalInt exited = runtime.awaitReadyOrExit();
        if (exited.isPresent()) {
            String output = runtime.output();
            runtime.close();
            throw new AssertionError("The packaged command ended with " + exited.getAsInt() + " while starting:\n" + output);
        }
        assertQuiet(runtime);
        return runtime;
    }

    /** SIGTERM, as systemctl stop sends it; the JVM writes the archive, if it is to, before it exits. */
    private static int stop(GtachProcess runtime) throws Exception {
        runtime.process().destroy();
        if (!runtime.process().waitFor(45, TimeUnit.SECONDS)) {
            throw new AssertionError("The runtime did not stop within the unit's TimeoutStopSec of SIGTERM:\n" + runtime.output());
        }
        assertQuiet(runtime);
        return runtime.process().exitValue();
    }

    /** The journal gets the runtime's own lines only: no JVM warning about an archive it cannot use or write. */
    private static void assertQuiet(GtachProcess runtime) throws IOException {
        assertThat(runtime.output()).doesNotContain("[warning]").doesNotContain("[cds").doesNotContain("shared archive")
                .doesNotContain("fatal error");
    }

    private List<Path> archives() throws IOException {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache)) {
            return files.sorted().toList();
        }
    }

    private Path checkedArchive() throws IOException {
        List<Path> archives = archives();
        assertThat(archives).as("archives in %s", cache).singleElement()
                .satisfies(archive -> assertThat(archive.getFileName().toString()).endsWith(CHECKED).doesNotEndWith(UNCHECKED));
        return archives.get(0);
    }

    /** The archives of the home's cache the runtime's JVM has mapped. */
    private List<Path> mappedArchives(GtachProcess runtime) throws IOException {
        Set<Path> mapped = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(runtime.process().pid()), "maps"))) {
            int path = line.indexOf('/');
            if (path >= 0 && line.substring(path).startsWith(cache.toString())) {
                mapped.add(Path.of(line.substring(path)));
            }
        }
        return List.copyOf(mapped);
    }
}
