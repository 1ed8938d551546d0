package gtach.provisioning.itests;

import gtach.provisioning.itests.GtachProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The macOS tarball, unpacked and read here on Linux: its files, its launch agent's plist as
 * install.sh writes it ({@code --dry-run}: launchd and launchctl exist only on a Mac, so loading the
 * agent is not tried), and its {@code gtach} command, the Debian package's script, run from the
 * unpacked tree.
 */
class MacosTarballTest {

    private static final String LABEL = "com.gtach.runtime";

    @TempDir
    Path temp;

    @Test
    void tarballHoldsTheCommandTheJarAndTheLaunchAgent() throws Exception {
        Path gtach = OsPackages.unpackMacosTarball(temp.resolve("unpacked"));

        List<String> files;
        try (Stream<Path> walk = Files.walk(gtach)) {
            files = walk.filter(Files::isRegularFile).map(file -> gtach.relativize(file).toString()).sorted().toList();
        }
        assertThat(files).containsExactlyInAnyOrder("LICENSE", LABEL + ".plist", "bin/gtach", "install.sh", "lib/gtach.jar", "uninstall.sh");
        for (String executable : List.of("bin/gtach", "install.sh", "uninstall.sh")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(gtach.resolve(executable))))
                    .as(executable).isEqualTo("rwxr-xr-x");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(gtach.resolve("lib/gtach.jar")))).isEqualTo("rw-r--r--");
        assertThat(gtach.resolve("lib/gtach.jar")).hasSameBinaryContentAs(GtachProcess.jar());
        // One script for both: the tarball's command is the Debian package's
        assertThat(gtach.resolve("bin/gtach")).hasSameTextualContentAs(Path.of("../runtime/src/deb/bin/gtach"));

        // The template, as shipped: the keys launchd reads, the paths still to be filled in
        Map<String, Object> template = plist(Files.readString(gtach.resolve(LABEL + ".plist")));
        assertThat(template).containsEntry("Label", LABEL).containsEntry("RunAtLoad", true)
                .containsEntry("KeepAlive", Map.of("SuccessfulExit", false))
                .containsEntry("ProgramArguments", List.of("@GTACH_COMMAND@"));
    }

    @Test
    void installWritesAbsolutePathsForLaunchd() throws Exception {
        Path gtach = OsPackages.unpackMacosTarball(temp.resolve("unpacked")).toRealPath();
        Path userHome = Files.createDirectories(temp.resolve("Users/pat & co")).toRealPath();

        Result dryRun = OsPackages.run(List.of(gtach.resolve("install.sh").toString(), "--dry-run"),
                Map.of("HOME", userHome.toString()), "GTACH_HOME", "JAVA_HOME");

        assertThat(dryRun.status()).as(dryRun.out()).isZero();
        String printed = dryRun.out();
        int end = printed.indexOf("# would write");
        assertThat(end).as(printed).isPositive();
        Map<String, Object> agent = plist(printed.substring(0, end));
        String home = userHome.resolve(".gtach").toString();
        assertThat(agent).containsEntry("Label", LABEL)
                .containsEntry("ProgramArguments", List.of(gtach.resolve("bin/gtach").toString()))
                .containsEntry("EnvironmentVariables", Map.of("GTACH_HOME", home))
                .containsEntry("WorkingDirectory", home)
                .containsEntry("RunAtLoad", true)
                // launchd starts it again after a crash or the boot guard's halt, not after `stop 0`
                .containsEntry("KeepAlive", Map.of("SuccessfulExit", false))
                .containsEntry("StandardOutPath", home + "/launchd.out.log")
                .containsEntry("StandardErrorPath", home + "/launchd.err.log");
        assertThat(printed.substring(end)).contains(userHome.resolve("Library/LaunchAgents/" + LABEL + ".plist").toString())
                .contains("launchctl bootstrap gui/");
        // A dry run changes nothing
        assertThat(userHome.resolve(".gtach")).doesNotExist();
        assertThat(userHome.resolve("Library")).doesNotExist();

        // JAVA_HOME set when installing is written into the agent's environment
        Result withJava = OsPackages.run(List.of(gtach.resolve("install.sh").toString(), "--dry-run"),
                Map.of("HOME", userHome.toString(), "JAVA_HOME", "/Library/Java/JavaVirtualMachines/jdk-17/Contents/Home"), "GTACH_HOME");
        Map<String, Object> withJavaAgent = plist(withJava.out().substring(0, withJava.out().indexOf("# would write")));
        assertThat(withJavaAgent.get("EnvironmentVariables")).isEqualTo(Map.of("GTACH_HOME", home,
                "JAVA_HOME", "/Library/Java/JavaVirtualMachines/jdk-17/Contents/Home"));
    }

    @Test
    void tarballCommandRunsHereWithTheUsersHome() throws Exception {
        Path command = OsPackages.unpackMacosTarball(temp.resolve("unpacked")).resolve("bin/gtach");
        Path userHome = Files.createDirectories(temp.resolve("user"));

        Result help = OsPackages.run(List.of(command.toString(), "--help"), OsPackages.environment(null));
        assertThat(help.status()).as(help.out()).isZero();
        assertThat(help.out()).startsWith("Usage: java -jar gtach.jar");

        // Without GTACH_HOME the tarball's command is a user's: ~/.gtach, not the system's home
        Map<String, String> environment = OsPackages.environment(null);
        // The JVM takes user.home from the password database, not from HOME: say it through the JVM options
        environment.put("GTACH_JAVA_OPTS", "-Duser.home=" + userHome);
        Result status = OsPackages.run(OsPackages.cmd(command, "gtach:status"), environment, "GTACH_HOME");
        assertThat(status.status()).as(status.out()).isEqualTo(2);
        assertThat(status.out().strip()).startsWith("No GTach runtime is running on " + userHome.resolve(".gtach") + " ");
    }

    /** A plist's top dict as Java values: strings, booleans, lists and maps; the DTD is not fetched. */
    private static Map<String, Object> plist(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        Element root = document.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("plist");
        @SuppressWarnings("unchecked")
        Map<String, Object> dict = (Map<String, Object>) value(elements(root).get(0));
        return dict;
    }

    private static Object value(Element element) {
        return switch (element.getTagName()) {
            case "string" -> element.getTextContent();
            case "true" -> true;
            case "false" -> false;
            case "array" -> elements(element).stream().map(MacosTarballTest::value).toList();
            case "dict" -> {
                Map<String, Object> dict = new LinkedHashMap<>();
                List<Element> children = elements(element);
                for (int i = 0; i < children.size(); i += 2) {
                    assertThat(children.get(i).getTagName()).isEqualTo("key");
                    dict.put(children.get(i).getTextContent(), value(children.get(i + 1)));
                }
                yield dict;
            }
            default -> throw new AssertionError("Unexpected plist element <" + element.getTagName() + ">");
        };
    }

    private static List<Element> elements(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }
}
