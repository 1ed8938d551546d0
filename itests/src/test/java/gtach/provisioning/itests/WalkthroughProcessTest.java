package gtach.provisioning.itests;

import gtach.provisioning.itests.ReadmeWalkthrough.Step;
import gtach.provisioning.testing.NginxServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the README's walkthrough exactly as written, in bash at the project's root, against a
 * runtime on a fresh home, and checks that every command prints what the README shows and ends
 * with the status it shows. If the README and the product drift apart, this fails.
 */
class WalkthroughProcessTest {

    static final String SECTION = "## Try it";
    static final String APPLICATIONS = "## Applications";
    static final String PUBLISHING = "## Publishing";
    static final String FOLLOWING = "## Following";

    /** Booting under emulation takes about 40 s on two cores, more while other work shares them. */
    private static final Duration AARCH64_START_TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    Path temp;

    @Test
    void theReadmeWalkthroughPrintsWhatItShows() throws Exception {
        walk(SECTION);
    }

    @Test
    void theReadmeApplicationWalkthroughPrintsWhatItShows() throws Exception {
        walk(APPLICATIONS);
    }

    @Test
    void theReadmePublishingWalkthroughPrintsWhatItShows() throws Exception {
        // the section serves its repository with nginx, as runtime/serve-site.sh does
        NginxServer.requireInstalled();
        walk(PUBLISHING);
    }

    @Test
    void theReadmeFollowingWalkthroughPrintsWhatItShows() throws Exception {
        NginxServer.requireInstalled();
        walk(FOLLOWING);
    }

    /**
     * The walkthrough as on a Raspberry Pi: the runtime is Debian's arm64 JVM under qemu-aarch64,
     * and so is the {@code java} the README's commands find first on the PATH, so every command of
     * the section is an aarch64 client. Only the test's own probes (is the runtime ready, {@code stop 0}
     * at the end) are clients on the test's JVM.
     */
    @Test
    void theReadmeWalkthroughPrintsWhatItShowsOnAnAarch64Jvm() throws Exception {
        Aarch64Java.requireInstalled();
        Path clients = Aarch64Java.clientLauncherIn(temp.resolve("aarch64-bin")).getParent();
        GtachProcess.Result client = GtachProcess.run(List.of("bash", "-c", "java -XshowSettings:properties -version"),
                Map.of("PATH", pathWith(clients)));
        assertThat(client.out().lines().map(String::strip)).as("properties of the java the README's commands run")
                .contains("os.arch = " + Aarch64Java.ARCH);
        walk(SECTION, home -> {
            // the JVM prints its properties, os.arch among them, before it runs the runtime
            GtachProcess runtime = GtachProcess.startOn(Aarch64Java.command(), home, List.of("-XshowSettings:properties"),
                    AARCH64_START_TIMEOUT);
            try {
                assertRunsOnAarch64(runtime);
            } catch (IOException | AssertionError e) {
                runtime.close();
                throw e;
            }
            return runtime;
        }, clients);
    }

    private static void assertRunsOnAarch64(GtachProcess runtime) throws IOException {
        long pid = runtime.process().pid();
        List<String> commandLine = List.of(Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\u0000"));
        assertThat(commandLine).as("command line of the runtime's process %s", pid)
                .startsWith(Aarch64Java.QEMU.toString(), Aarch64Java.JAVA.toString());
        assertThat(Path.of("/proc/" + pid + "/exe").toRealPath()).as("program of the runtime's process %s", pid)
                .isEqualTo(Aarch64Java.QEMU.toRealPath());
        assertThat(runtime.output().lines().map(String::strip)).as("properties the runtime's JVM printed")
                .contains("os.arch = " + Aarch64Java.ARCH, "java.home = " + Aarch64Java.JAVA.getParent().getParent());
    }

    /** How a test starts the runtime on a home. */
    private interface RuntimeStart {
        GtachProcess on(Path home) throws IOException, InterruptedException;
    }

    private void walk(String section) throws Exception {
        walk(section, GtachProcess::start, Path.of(GtachProcess.java()).getParent());
    }

    /**
     * Each section on a fresh home of its own, as a newcomer would start it; {@code javaBin} is
     * where the README's {@code java} is found.
     */
    private void walk(String section, RuntimeStart start, Path javaBin) throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Step> steps = ReadmeWalkthrough.of(Files.readString(root.resolve("README.md")), section);
        assertThat(steps).as("commands of the README's walkthrough " + section).hasSizeGreaterThan(5);

        // The README's commands use the default home, ~/.gtach; here that is a fresh one.
        Path user = Files.createDirectories(temp.resolve("user"));
        Path home = user.resolve(".gtach");
        try (GtachProcess runtime = start.on(home)) {
            List<Printed> printed;
            try {
                printed = runInBash(steps, root, user, home, javaBin);
            } finally {
                stopServedSites(user);
            }
            List<String> mismatches = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                Printed actual = i < printed.size() ? printed.get(i) : new Printed(List.of("(never ran)"), -1);
                if (!step.matches(actual.lines()) || step.status() != actual.status()) {
                    mismatches.add("$ " + step.command() + "\nREADME shows (exit " + step.status() + "):\n  "
                            + String.join("\n  ", step.output()) + "\nbut it printed (exit " + actual.status() + "):\n  "
                            + String.join("\n  ", actual.lines()));
                }
            }
            if (!mismatches.isEmpty()) {
                fail("The README's walkthrough is not what the runtime does:\n\n" + String.join("\n\n", mismatches)
                        + "\n\nRuntime output:\n" + runtime.output());
            }
            assertThat(runtime.stop()).isZero();
        }
    }

    /**
     * A section that serves a site with runtime/serve-site.sh stops it itself; if it failed before
     * that, its nginx is stopped here by the pid it wrote, so no server outlives the test.
     */
    private static void stopServedSites(Path user) throws IOException {
        try (Stream<Path> files = Files.list(user)) {
            for (Path state : files.filter(p -> p.getFileName().toString().endsWith(".nginx")).toList()) {
                Path pidFile = state.resolve("nginx.pid");
                if (Files.isRegularFile(pidFile)) {
                    long pid = Long.parseLong(Files.readString(pidFile).trim());
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
                }
            }
        }
    }

    /** The tests' PATH with {@code javaBin} first, so that {@code java} is the one there. */
    private static String pathWith(Path javaBin) {
        return javaBin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    }

    /** What one command printed, stdout and stderr together as a terminal shows them, and its status. */
    record Printed(List<String> lines, int status) {
    }

    private static final String MARK = "@@walkthrough-step-done@@";
    private static final Pattern DONE = Pattern.compile(Pattern.quote(MARK) + " (\\d+)");

    /** One bash, as an operator pasting the commands one after another: a function defined stays defined. */
    private static List<Printed> runInBash(List<Step> steps, Path root, Path user, Path home, Path javaBin)
            throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder();
        for (Step step : steps) {
            // A new line first, in case the command's output did not end with one.
            script.append(step.command()).append("\nwalkthrough_status=$?; printf '\\n%s %s\\n' '")
                    .append(MARK).append("' \"$walkthrough_status\"\n");
        }
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", script.toString())
                .directory(root.toFile()).redirectErrorStream(true);
        Map<String, String> environment = bash.environment();
        environment.put("HOME", user.toString());
        environment.put("GTACH_HOME", home.toString());
        environment.put("PATH", pathWith(javaBin));
        environment.remove("NO_COLOR");
        Process process = bash.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("The walkthrough did not finish within 5 minutes:\n" + out);
        }
        List<Printed> printed = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (String line : out.split("\n", -1)) {
            Matcher done = DONE.matcher(line);
            if (done.matches()) {
                printed.add(new Printed(List.copyOf(lines), Integer.parseInt(done.group(1))));
                lines.clear();
            } else {
                lines.add(line);
            }
        }
        return printed;
    }
}
