package gtach.provisioning.itests;

import gtach.provisioning.itests.GtachProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The Debian package as dpkg, lintian and systemd see it, and its maintainer scripts run against
 * stand-ins for every command they call, so that nothing on this machine is changed. Running the
 * packaged command is {@link PackagedCommandProcessTest}'s.
 */
class DebianPackageTest {

    @TempDir
    Path temp;

    @Test
    void controlFieldsNameTheVersionTheArchitectureAndJava17() throws Exception {
        Map<String, String> fields = controlFields(OsPackages.succeed(List.of("dpkg-deb", "--info", deb().toString())));

        assertThat(fields).containsEntry("Package", "gtach")
                .containsEntry("Version", OsPackages.debVersion())
                .containsEntry("Architecture", "all")
                .containsEntry("Section", "java")
                .containsEntry("Priority", "optional");
        // A Maven -SNAPSHOT becomes a Debian pre-release: 0.1.0~SNAPSHOT sorts before 0.1.0
        assertThat(fields.get("Version")).doesNotContain("-").matches("\\d+\\.\\d+\\.\\d+(~[A-Za-z0-9.~]+)?");
        assertThat(fields.get("Depends")).contains("openjdk-17-jre-headless | java17-runtime-headless").contains("adduser");
        assertThat(fields.get("Maintainer")).matches(".+ <[^@ ]+@[^@ ]+>");
        assertThat(fields.get("Description")).startsWith("modular application runtime");
    }

    @Test
    void packageHoldsTheCommandTheUnitTheJarAndTheirDocumentation() throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String line : OsPackages.succeed(List.of("dpkg-deb", "--contents", deb().toString())).lines().toList()) {
            // -rwxr-xr-x root/root      2674 2025-12-06 00:26 ./usr/bin/gtach
            String[] field = line.trim().split("\\s+", 6);
            entries.put(field[5], field[0] + " " + field[1]);
        }

        assertThat(entries).containsEntry("./usr/bin/gtach", "-rwxr-xr-x root/root")
                .containsEntry("./usr/share/gtach/gtach.jar", "-rw-r--r-- root/root")
                .containsEntry("./usr/lib/systemd/system/gtach.service", "-rw-r--r-- root/root")
                .containsEntry("./usr/share/doc/gtach/copyright", "-rw-r--r-- root/root")
                .containsEntry("./usr/share/doc/gtach/changelog.gz", "-rw-r--r-- root/root")
                .containsEntry("./usr/share/man/man1/gtach.1.gz", "-rw-r--r-- root/root")
                .containsEntry("./usr/share/gtach/", "drwxr-xr-x root/root");
        assertThat(entries.keySet()).filteredOn(path -> !path.endsWith("/")).hasSize(6);
        // Nothing in /var/lib/gtach: the home is made by postinst and the service, and kept on remove
        assertThat(entries.keySet()).noneMatch(path -> path.startsWith("./var/"));

        Path root = OsPackages.unpackDeb(temp.resolve("root"));
        assertThat(root.resolve("usr/share/gtach/gtach.jar")).hasSameBinaryContentAs(GtachProcess.jar());
        assertThat(Files.readString(root.resolve("usr/share/doc/gtach/copyright")))
                .contains("License: MIT").contains("Permission is hereby granted, free of charge");
    }

    @Test
    void lintianFindsNoErrorsOrWarnings() throws Exception {
        OsPackages.requireTool("lintian", ".ci/run installs it, or run apt-get install lintian");

        Result lintian = GtachProcess.run(List.of("lintian", deb().toString()));

        // Information (I:), experimental (X:) and classification (C:) lines are not findings
        assertThat(lintian.out().lines().filter(line -> line.startsWith("E: ") || line.startsWith("W: ")))
                .as("lintian printed:%n%s", lintian.out()).isEmpty();
        assertThat(lintian.status()).as(lintian.out()).isZero();
    }

    /**
     * What {@code systemd-analyze verify} checks here: every key of the unit and its value's syntax,
     * the [Install] section, and that ExecStart is an executable file. It runs on a copy whose
     * ExecStart is the unpacked command (there is no /usr/bin/gtach on this machine) and with
     * {@code --man=no}, since the manual page the Documentation key names is not installed either.
     * The user gtach is not checked: verify does not look users up, and postinst makes it.
     */
    @Test
    void systemdAcceptsTheUnit() throws Exception {
        OsPackages.requireTool("systemd-analyze", "it comes with systemd");
        Path root = OsPackages.unpackDeb(temp.resolve("root"));
        Path unit = temp.resolve("gtach.service");
        String text = Files.readString(root.resolve(OsPackages.DEB_UNIT));
        assertThat(text).contains("\nExecStart=/usr/bin/gtach\n");
        Files.writeString(unit, text.replace("\nExecStart=/usr/bin/gtach\n",
                "\nExecStart=" + root.resolve(OsPackages.DEB_COMMAND) + "\n"));

        Result verify = GtachProcess.run(List.of("systemd-analyze", "verify", "--man=no", unit.toString()));

        // verify ends 0 on unknown keys and unparsable values too: it warns, so no line may be printed
        assertThat(verify.out()).as("systemd-analyze verify printed").isBlank();
        assertThat(verify.status()).isZero();
    }

    @Test
    void unitRunsTheCommandAsGtachAndLetsTheBootGuardWork() throws Exception {
        Map<String, List<String>> unit = SystemdUnit.read(OsPackages.unpackDeb(temp.resolve("root")).resolve(OsPackages.DEB_UNIT));

        assertThat(unit.get("ExecStart")).containsExactly("/usr/bin/gtach");
        assertThat(unit.get("User")).containsExactly("gtach");
        assertThat(unit.get("Group")).containsExactly("gtach");
        assertThat(unit.get("StateDirectory")).containsExactly("gtach");
        assertThat(unit.get("StateDirectoryMode")).containsExactly("0750");
        assertThat(unit.get("Environment")).contains("GTACH_HOME=/var/lib/gtach", "GTACH_COMMAND_GROUP=gtach");
        // The boot guard needs the JVM started again after each failed boot, three times and a fourth
        assertThat(unit.get("Restart")).containsExactly("on-failure");
        assertThat(Integer.parseInt(unit.get("StartLimitBurst").get(0))).isGreaterThanOrEqualTo(4);
        // SIGTERM: the JVM exits 143 after the framework stopped, which may take the runtime's 30 s
        assertThat(unit.get("SuccessExitStatus")).containsExactly("143");
        assertThat(SystemdUnit.stopTimeout(unit)).isGreaterThan(java.time.Duration.ofSeconds(30));
        assertThat(unit.get("StandardOutput")).containsExactly("journal");
        assertThat(unit.get("StandardError")).containsExactly("journal");
        assertThat(unit).containsEntry("NoNewPrivileges", List.of("yes")).containsEntry("ProtectSystem", List.of("strict"))
                .containsEntry("ProtectHome", List.of("yes")).containsEntry("PrivateTmp", List.of("yes"));
        assertThat(unit.get("WantedBy")).containsExactly("multi-user.target");
    }

    @Test
    void packagedCommandDefaultsToTheSystemHomeAndPassesJavaOptions() throws Exception {
        Path command = OsPackages.unpackDeb(temp.resolve("root")).resolve(OsPackages.DEB_COMMAND);

        Result help = OsPackages.run(List.of(command.toString(), "--help"), OsPackages.environment(null));
        assertThat(help.status()).as(help.out()).isZero();
        assertThat(help.out()).startsWith("Usage: java -jar gtach.jar");

        // Without GTACH_HOME the packaged command talks to the service's home
        Result status = OsPackages.run(OsPackages.cmd(command, "gtach:status"), OsPackages.environment(null), "GTACH_HOME");
        assertThat(status.status()).as(status.out()).isEqualTo(2);
        assertThat(status.out().strip()).startsWith("No GTach runtime is running on /var/lib/gtach ");

        // GTACH_JAVA_OPTS reaches the JVM, split at spaces
        Map<String, String> withOptions = OsPackages.environment(null);
        withOptions.put("GTACH_JAVA_OPTS", "-Xmx64m -Dgtach.home=" + temp.resolve("elsewhere"));
        Result elsewhere = OsPackages.run(OsPackages.cmd(command, "gtach:status"), withOptions, "GTACH_HOME");
        assertThat(elsewhere.out().strip()).startsWith("No GTach runtime is running on " + temp.resolve("elsewhere") + " ");

        // Without JAVA_HOME, java is the PATH's
        Map<String, String> javaOnPath = Map.of("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
        Result onPath = OsPackages.run(List.of(command.toString(), "--help"), javaOnPath, "JAVA_HOME");
        assertThat(onPath.status()).as(onPath.out()).isZero();
        Result noJava = OsPackages.run(List.of(command.toString(), "--help"), Map.of("PATH", "/nonexistent"), "JAVA_HOME");
        assertThat(noJava.status()).isEqualTo(2);
        assertThat(noJava.out().strip()).isEqualTo("gtach: no java on the PATH; install Java 17 or later, or set JAVA_HOME.");

        // A symbolic link to the command (as /usr/local/bin/gtach might be) still finds the jar
        Path link = Files.createSymbolicLink(temp.resolve("gtach-link"), temp.relativize(command));
        Result linked = OsPackages.run(List.of(link.toString(), "--help"), OsPackages.environment(null));
        assertThat(linked.status()).as(linked.out()).isZero();
    }

    @Test
    void packagedCommandDoesNotRunTheSystemRuntimeAsRoot() throws Exception {
        assumeThat(OsPackages.succeed(List.of("id", "-u")).strip()).as("runs as root").isEqualTo("0");
        Path command = OsPackages.unpackDeb(temp.resolve("root")).resolve(OsPackages.DEB_COMMAND);

        Result start = OsPackages.run(List.of(command.toString()), OsPackages.environment(null), "GTACH_HOME");

        assertThat(start.status()).isEqualTo(2);
        assertThat(start.out().strip()).isEqualTo("gtach: not starting the runtime as root on /var/lib/gtach, which belongs"
                + " to user gtach: use systemctl start gtach, or set GTACH_HOME to run one of your own.");
    }

    @Test
    void postinstMakesTheUserOnceAndEnablesTheService() throws Exception {
        MaintainerScripts scripts = MaintainerScripts.extract(temp);

        List<String> install = scripts.run("postinst", Map.of("GETENT_STATUS", "2"), "configure", "");
        List<String> expected = new ArrayList<>(List.of(
                "getent group gtach",
                "addgroup --system --quiet gtach",
                "getent passwd gtach",
                "adduser --system --quiet --ingroup gtach --home /var/lib/gtach --no-create-home --gecos GTach runtime gtach"));
        if (!Files.isDirectory(Path.of("/var/lib/gtach"))) {
            expected.addAll(List.of("mkdir -p /var/lib/gtach", "chown gtach:gtach /var/lib/gtach", "chmod 0750 /var/lib/gtach"));
        }
        expected.addAll(List.of(
                "deb-systemd-helper unmask gtach.service",
                "deb-systemd-helper --quiet was-enabled gtach.service",
                "deb-systemd-helper enable gtach.service"));
        if (MaintainerScripts.systemdRuns()) {
            expected.addAll(List.of("systemctl --system daemon-reload", "deb-systemd-invoke start gtach.service"));
        }
        assertThat(install).containsExactlyElementsOf(expected);

        // Configured again (the user exists) as an upgrade of a service the admin disabled: no new
        // user, not enabled again, restarted on the new jar where systemd runs
        List<String> upgrade = scripts.run("postinst", Map.of("GETENT_STATUS", "0", "WAS_ENABLED_STATUS", "1"), "configure", "0.0.9");
        assertThat(upgrade).filteredOn(line -> line.startsWith("add")).isEmpty();
        assertThat(upgrade).contains("deb-systemd-helper update-state gtach.service").doesNotContain("deb-systemd-helper enable gtach.service");
        if (MaintainerScripts.systemdRuns()) {
            assertThat(upgrade).endsWith("deb-systemd-invoke restart gtach.service");
        }
    }

    @Test
    void removeKeepsTheHomeAndOnlyPurgeDeletesIt() throws Exception {
        MaintainerScripts scripts = MaintainerScripts.extract(temp);
        String daemonReload = MaintainerScripts.systemdRuns() ? "systemctl --system daemon-reload" : null;

        List<String> prerm = scripts.run("prerm", Map.of(), "remove");
        List<String> remove = scripts.run("postrm", Map.of(), "remove");
        List<String> purge = scripts.run("postrm", Map.of(), "purge");

        assertThat(prerm).isEqualTo(MaintainerScripts.systemdRuns() ? List.of("deb-systemd-invoke stop gtach.service") : List.of());
        assertThat(remove).filteredOn(line -> !line.equals(daemonReload)).containsExactly("deb-systemd-helper mask gtach.service");
        assertThat(purge).filteredOn(line -> !line.equals(daemonReload)).containsExactly(
                "deb-systemd-helper purge gtach.service", "deb-systemd-helper unmask gtach.service", "rm -rf /var/lib/gtach");
        // An upgrade stops nothing and deletes nothing: postinst restarts the service on the new jar
        assertThat(scripts.run("prerm", Map.of(), "upgrade", "0.2.0")).isEmpty();
        assertThat(scripts.run("postrm", Map.of(), "upgrade", "0.2.0")).filteredOn(line -> !line.equals(daemonReload)).isEmpty();
    }

    private static Path deb() {
        OsPackages.requireTool("dpkg-deb", "it comes with dpkg");
        return OsPackages.deb();
    }

    /** The fields of {@code dpkg-deb --info}'s control part, continuation lines joined to their field. */
    private static Map<String, String> controlFields(String info) {
        // " Package: gtach" starts a field, "  text" continues it; the lines before the first field
        // describe the archive (" size 15205764 bytes: control archive=…", "     877 bytes, … control")
        java.util.regex.Pattern field = java.util.regex.Pattern.compile("^ ([A-Z][A-Za-z-]*): ?(.*)$");
        Map<String, String> fields = new LinkedHashMap<>();
        String last = null;
        for (String line : info.lines().toList()) {
            java.util.regex.Matcher matcher = field.matcher(line);
            if (matcher.matches()) {
                last = matcher.group(1);
                fields.put(last, matcher.group(2).strip());
            } else if (last != null && line.startsWith("  ")) {
                fields.merge(last, "\n" + line.strip(), String::concat);
            }
        }
        return fields;
    }

    /** The control archive's scripts, run with every command they call replaced by one that records the call. */
    private record MaintainerScripts(Path control, Path stubs, Path calls) {

        private static final List<String> COMMANDS = List.of("getent", "addgroup", "adduser", "deluser", "mkdir",
                "chown", "chmod", "rm", "systemctl", "deb-systemd-helper", "deb-systemd-invoke");

        static MaintainerScripts extract(Path temp) throws IOException, InterruptedException {
            Path control = temp.resolve("control");
            OsPackages.succeed(List.of("dpkg-deb", "--control", deb().toString(), control.toString()));
            Path stubs = Files.createDirectories(temp.resolve("stubs"));
            for (String command : COMMANDS) {
                // Only shell built-ins: PATH holds nothing but these stubs.
                String status = switch (command) {
                    case "getent" -> "exit \"${GETENT_STATUS:-2}\"\n";
                    case "deb-systemd-helper" -> "if [ \"$2\" = was-enabled ]; then exit \"${WAS_ENABLED_STATUS:-0}\"; fi\n";
                    default -> "";
                };
                Path stub = stubs.resolve(command);
                Files.writeString(stub, "#!/bin/sh\nprintf '%s\\n' \"" + command + " $*\" >> \"$CALLS\"\n" + status);
                stub.toFile().setExecutable(true);
            }
            for (String script : List.of("postinst", "prerm", "postrm")) {
                Path file = control.resolve(script);
                assertThat(file).isExecutable();
                assertThat(Files.readAllLines(file)).first().isEqualTo("#!/bin/sh");
                assertThat(Files.readAllLines(file)).as(script).contains("set -e");
            }
            return new MaintainerScripts(control, stubs, temp.resolve("calls"));
        }

        /** Runs a script with these arguments; answers the commands it called, in order, failing unless it exits 0. */
        List<String> run(String script, Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
            Files.writeString(calls, "");
            List<String> command = new ArrayList<>(List.of(control.resolve(script).toString()));
            command.addAll(List.of(arguments));
            Map<String, String> variables = new LinkedHashMap<>(environment);
            variables.put("PATH", stubs.toString());
            variables.put("CALLS", calls.toString());
            Result result = OsPackages.run(command, variables);
            assertThat(result.status()).as("%s %s printed:%n%s", script, List.of(arguments), result.out()).isZero();
            return Files.readAllLines(calls);
        }

        /** Whether the scripts see systemd running here, as they decide it. */
        static boolean systemdRuns() {
            return Files.isDirectory(Path.of("/run/systemd/system"));
        }
    }
}
