package gtach.provisioning.itests;

import gtach.provisioning.itests.GtachProcess.Result;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The operating-system packages the runtime module builds around {@code gtach.jar}: the Debian
 * package and the macOS tarball, located through the system properties itests/pom.xml sets, and
 * the tools that read them.
 */
final class OsPackages {

    /** The packaged command's path inside the Debian package. */
    static final String DEB_COMMAND = "usr/bin/gtach";
    /** The systemd unit's path inside the Debian package. */
    static final String DEB_UNIT = "usr/lib/systemd/system/gtach.service";

    private OsPackages() {
    }

    /** {@code runtime/target/gtach_<deb.version>_all.deb}. */
    static Path deb() {
        return built("gtach.deb");
    }

    /** The project version as the package's Debian version ({@code 0.1.0~SNAPSHOT}). */
    static String debVersion() {
        return System.getProperty("gtach.deb.version", "");
    }

    /** {@code runtime/target/gtach-<version>-macos.tar.gz}. */
    static Path macosTarball() {
        return built("gtach.macos.tarball");
    }

    private static Path built(String property) {
        String location = System.getProperty(property);
        if (location == null) {
            throw new IllegalStateException("No system property " + property + "; run the tests through Maven (itests/pom.xml sets it)");
        }
        Path file = Path.of(location).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("No " + file + "; build the runtime module first (mvn -B -ntp -q package -pl runtime -am -DskipTests)");
        }
        return file;
    }

    /** Unpacks the Debian package into {@code root} as {@code dpkg -x} does, without installing it; answers root. */
    static Path unpackDeb(Path root) throws IOException, InterruptedException {
        requireTool("dpkg-deb", "it comes with dpkg");
        Files.createDirectories(root);
        succeed(List.of("dpkg-deb", "-x", deb().toString(), root.toString()));
        return root;
    }

    /** Unpacks the macOS tarball into {@code directory} with tar; answers the {@code gtach} directory it holds. */
    static Path unpackMacosTarball(Path directory) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        succeed(List.of("tar", "-xzf", macosTarball().toString(), "-C", directory.toString()));
        return directory.resolve("gtach");
    }

    /**
     * Fails the test (under CI, {@code CI=true}) or skips it (elsewhere) when a tool is not on the
     * PATH: .ci/run installs what CI needs.
     */
    static void requireTool(String tool, String howToInstall) {
        if (onPath(tool)) {
            return;
        }
        String message = tool + " is not installed (looked on the PATH); " + howToInstall + ".";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        Assumptions.assumeTrue(false, message);
    }

    static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(java.io.File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command, failing with its output unless it exits 0; answers what it printed. */
    static String succeed(List<String> command) throws IOException, InterruptedException {
        return succeed(command, Map.of());
    }

    /** As {@link #succeed(List)}, with these variables added to the environment. */
    static String succeed(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        Result result = GtachProcess.run(command, environment);
        if (result.status() != 0) {
            throw new AssertionError(String.join(" ", command) + " ended with " + result.status() + ":\n" + result.out());
        }
        return result.out();
    }

    /**
     * Runs a command with {@code environment} added to the tests' environment and the variables
     * {@code unset} taken out of it (GTACH_HOME, to see a command's default home).
     */
    static Result run(List<String> command, Map<String, String> environment, String... unset) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        builder.environment().putAll(environment);
        for (String name : unset) {
            builder.environment().remove(name);
        }
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Command " + command + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), out);
    }

    /**
     * The environment a packaged {@code gtach} command runs with here: the tests' own Java as
     * {@code JAVA_HOME}, and the home, when given, as {@code GTACH_HOME}.
     */
    static Map<String, String> environment(Path home) {
        Map<String, String> environment = new java.util.HashMap<>();
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        if (home != null) {
            environment.put("GTACH_HOME", home.toString());
        }
        return environment;
    }

    /** {@code <command> cmd <line>}, as an operator types it. */
    static List<String> cmd(Path command, String line) {
        return new ArrayList<>(List.of(command.toString(), "cmd", line));
    }
}
