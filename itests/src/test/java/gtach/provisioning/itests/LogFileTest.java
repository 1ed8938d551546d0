package gtach.provisioning.itests;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log bundle in a real Felix with the Felix Log Service: the boot's bundle events in
 * {@code <home>/log/gtach.log}, and rotation and level as Config Admin sets them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LogFileTest extends ProvisioningTestBase {

    private static final String PID = "gtach.provisioning.log";
    private static final String FILE_PROPERTY = "gtach.log.file";

    private Configuration configuration;

    @After
    public void backToDefaults() throws Exception {
        if (configuration != null) {
            configuration.delete();
            configuration = null;
            await("the log is back in <home>/log", () -> logFile().equals(defaultFile()));
        }
    }

    private Path defaultFile() {
        return Path.of(context.getProperty("gtach.home"), "log", "gtach.log");
    }

    /** The live file, as the log bundle's service says. */
    private Path logFile() {
        ServiceReference<?>[] references;
        try {
            references = context.getServiceReferences(LogListener.class.getName(), "(" + FILE_PROPERTY + "=*)");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return references == null ? Path.of("") : Path.of((String) references[0].getProperty(FILE_PROPERTY));
    }

    private void configure(Map<String, Object> properties) throws Exception {
        configuration = service(ConfigurationAdmin.class).getConfiguration(PID, "?");
        configuration.update(new Hashtable<>(properties));
    }

    private Logger logger() throws InterruptedException {
        return service(LoggerFactory.class).getLogger("gtach.itest.LogFileTest");
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within 10 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Empty while there is no such file, as for a moment during a rotation, between its rename and the new file. */
    private static String read(Path file) throws IOException {
        try {
            return Files.readString(file);
        } catch (java.nio.file.NoSuchFileException rotating) {
            return "";
        }
    }

    @Test
    public void theLogHoldsTheBundleEventsOfTheBootAndLeavesServiceEventsOut() throws Exception {
        service(LoggerFactory.class);
        await("a log file is announced", () -> logFile().equals(defaultFile()));

        String log = read(defaultFile());

        assertThat(log).containsPattern("(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[(\\S+)\\] "
                + "Events\\.Bundle\\.\\1: BundleEvent STARTED$");
        assertThat(log).containsPattern("(?m) INFO  \\[gtach\\.provisioning\\.log\\] \\S+: Logging to "
                + java.util.regex.Pattern.quote(defaultFile().toString()));
        assertThat(log).doesNotContain("Events.Service");
    }

    @Test
    public void rotatesAtTheConfiguredSizeKeepingTheConfiguredNumberOfFiles() throws Exception {
        // Given files of 1 KiB, three of them kept, in a directory of the test's own
        Path directory = Files.createTempDirectory("gtach-itest-log");
        configure(Map.of("directory", directory.toString(), "maxFileKiB", 1, "files", 3));
        await("the log moves to " + directory, () -> logFile().equals(directory.resolve("gtach.log")));

        // When some 12 KiB are logged
        Logger logger = logger();
        for (int i = 1; i <= 60; i++) {
            logger.info("Entry {} of the rotation test, long enough to fill a kibibyte in a few: {}", i, "x".repeat(80));
        }
        await("the last entry is written", () -> read(directory.resolve("gtach.log")).contains("Entry 60 "));

        // Then three files, none past 1 KiB, the newest entries in gtach.log, the ones before in .1 and .2
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("gtach.log", "gtach.log.1", "gtach.log.2");
        }
        for (String name : List.of("gtach.log", "gtach.log.1", "gtach.log.2")) {
            assertThat(Files.size(directory.resolve(name))).as(name).isBetween(1L, 1024L);
        }
        int firstOfLive = firstEntry(read(directory.resolve("gtach.log")));
        assertThat(lastEntry(read(directory.resolve("gtach.log.1")))).isEqualTo(firstOfLive - 1);
        assertThat(lastEntry(read(directory.resolve("gtach.log.2")))).isEqualTo(firstEntry(read(directory.resolve("gtach.log.1"))) - 1);
    }

    @Test
    public void aLevelOfWarnKeepsInfoEntriesOut() throws Exception {
        Path directory = Files.createTempDirectory("gtach-itest-log");
        configure(Map.of("directory", directory.toString(), "level", "WARN"));
        await("the log moves to " + directory, () -> logFile().equals(directory.resolve("gtach.log")));

        Logger logger = logger();
        logger.info("An INFO entry at level WARN");
        logger.warn("A WARN entry at level WARN");
        // Entries arrive in order: once the warning is there, the INFO entry would be too
        await("the warning is written", () -> read(directory.resolve("gtach.log")).contains("A WARN entry"));

        assertThat(read(directory.resolve("gtach.log")))
                .containsPattern(" WARN  \\[\\S+\\] gtach\\.itest\\.LogFileTest: A WARN entry at level WARN")
                .doesNotContain("An INFO entry");
    }

    private static int firstEntry(String log) {
        return entries(log).findFirst().orElseThrow();
    }

    private static int lastEntry(String log) {
        return entries(log).reduce((a, b) -> b).orElseThrow();
    }

    private static Stream<Integer> entries(String log) {
        return log.lines().filter(line -> line.contains(": Entry ")).map(line -> {
            String rest = line.substring(line.indexOf(": Entry ") + ": Entry ".length());
            return Integer.parseInt(rest.substring(0, rest.indexOf(' ')));
        });
    }
}
