package gtach.provisioning.shell.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gtach.provisioning.repository.ExportedPackage;
import gtach.provisioning.repository.ImportedPackage;
import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

import java.time.Instant;
import java.util.List;

import static gtach.provisioning.shell.internal.TerminalColour.CHANNEL_VARIABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class RepositoryCommandsTest {

    private static final String NL = System.lineSeparator();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ImportedPackage JAVA_LANG = new ImportedPackage("java.lang", new VersionRange("0"), false);
    private static final PackageInfo DISPLAY = new PackageInfo(id("gtach.example.display", "1.0.0"), "d".repeat(64), 5018,
            "GTach example display", "Shows the rpm", List.of(),
            List.of(new ImportedPackage("gtach.example.tach", new VersionRange("[1.0,2)"), false),
                    new ImportedPackage("org.slf4j", new VersionRange("[1.7,2)"), true), JAVA_LANG),
            "file:/packages/example-display-1.0.0.jar", Instant.parse("2025-11-25T10:00:00.750Z"));
    private static final PackageInfo TACH = new PackageInfo(id("gtach.example.tach", "1.0.0"), "a".repeat(64), 5324,
            "GTach example tachometer", "A simulated tachometer",
            List.of(new ExportedPackage("gtach.example.tach", new Version(1, 0, 0))),
            List.of(new ImportedPackage("gtach.example.tach", new VersionRange("[1.0,1.1)"), false), JAVA_LANG),
            "file:/packages/example-tach-1.0.0.jar", Instant.parse("2025-11-25T10:00:01Z"));
    /** A pre-release, with no Bundle-Name or description. */
    private static final PackageInfo TACH_RC = new PackageInfo(id("gtach.example.tach", "1.2.0.rc_1"), "b".repeat(64), 5530,
            "", "", List.of(new ExportedPackage("gtach.example.tach", new Version(1, 2, 0))), List.of(JAVA_LANG),
            "mvn:gtach/example-tach/1.2.0-rc.1", Instant.parse("2025-11-26T08:30:00Z"));

    private final RepositoryCommands commands = new RepositoryCommands(FakeRepository.holding(List.of(DISPLAY, TACH, TACH_RC)));

    @Test
    void listIsOneAlignedRowPerPackageWithVersionsAsOperatorsTypeThem() {
        assertThat(commands.list(FakeSession.with(), false)).isEqualTo(
                "NAME                   VERSION     SIZE     ADDED" + NL
                + "gtach.example.display  1.0.0       4.9 KiB  2025-11-25" + NL
                + "gtach.example.tach     1.0.0       5.2 KiB  2025-11-25" + NL
                + "gtach.example.tach     1.2.0-rc.1  5.4 KiB  2025-11-26" + NL);
        assertThat(new RepositoryCommands(FakeRepository.holding(List.of())).list(FakeSession.with(), false))
                .isEqualTo("No packages." + NL);
    }

    @Test
    void listIsColouredOnlyWhenTheSessionIsAColourTerminal() {
        assumeThat(System.getenv(TerminalColour.NO_COLOR)).as("NO_COLOR is set for this build").isNullOrEmpty();
        String plain = commands.list(FakeSession.with(), false);

        String coloured = commands.list(FakeSession.with(CHANNEL_VARIABLE, true), false);

        assertThat(plain).doesNotContain("\u001B");
        assertThat(coloured).startsWith("\u001B[1mNAME ").isNotEqualTo(plain)
                .isEqualTo(plain.replaceFirst("^(.*?)" + NL, "\u001B[1m$1\u001B[0m" + NL));
        assertThat(commands.list(FakeSession.with(CHANNEL_VARIABLE, true, TerminalColour.NO_COLOR, "1"), false))
                .isEqualTo(plain);
    }

    @Test
    void listAsJsonIsAnArrayOfPackagesWithVersionsAsStringsAndTimesInUtc() throws Exception {
        // Given a colour terminal: JSON is for scripts and never coloured
        String text = commands.list(FakeSession.with(CHANNEL_VARIABLE, true), true);

        JsonNode packages = JSON.readTree(text);
        assertThat(text).doesNotContain("\u001B").endsWith("]" + NL);
        assertThat(packages.isArray()).isTrue();
        assertThat(packages).hasSize(3);
        JsonNode rc = packages.get(2);
        assertThat(rc.get("symbolicName").asText()).isEqualTo("gtach.example.tach");
        assertThat(rc.get("version").isTextual()).isTrue();
        assertThat(rc.get("version").asText()).isEqualTo("1.2.0-rc.1");
        assertThat(rc.get("osgiVersion").asText()).isEqualTo("1.2.0.rc_1");
        assertThat(rc.get("name").isNull()).as("no Bundle-Name is null, not an empty string").isTrue();
        assertThat(rc.get("description").isNull()).isTrue();
        assertThat(rc.get("size").asLong()).isEqualTo(5530);
        assertThat(rc.get("sha256").asText()).isEqualTo("b".repeat(64));
        assertThat(rc.get("source").asText()).isEqualTo("mvn:gtach/example-tach/1.2.0-rc.1");
        assertThat(rc.get("added").asText()).isEqualTo("2025-11-26T08:30:00Z");
        assertThat(packages.get(0).get("added").asText()).isEqualTo("2025-11-25T10:00:00.750Z");
        assertThat(packages.get(0).get("name").asText()).isEqualTo("GTach example display");
        assertThat(new RepositoryCommands(FakeRepository.holding(List.of())).list(null, true)).isEqualTo("[]" + NL);
    }

    @Test
    void searchAsJsonListsWhatTheRepositoryFound() throws Exception {
        JsonNode found = JSON.readTree(commands.search(FakeSession.with(), true, "", "display"));

        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("symbolicName").asText()).isEqualTo("gtach.example.display");
        assertThat(commands.search(FakeSession.with(), false, "", "display"))
                .startsWith("NAME ").contains("gtach.example.display  1.0.0");
    }

    @Test
    void infoShowsMetadataThenExportsAndImportsWithTheirNeighbours() {
        assertThat(commands.info(FakeSession.with(), false, "gtach.example.tach", "1.0.0")).isEqualTo(
                "gtach.example.tach 1.0.0" + NL
                + "  name         GTach example tachometer" + NL
                + "  description  A simulated tachometer" + NL
                + "  sha256       " + "a".repeat(64) + NL
                + "  size         5.2 KiB" + NL
                + "  source       file:/packages/example-tach-1.0.0.jar" + NL
                + "  added        2025-11-25T10:00:01Z" + NL
                + "EXPORTS             VERSION  ALSO EXPORTED BY               IMPORTED BY" + NL
                + "gtach.example.tach  1.0.0    gtach.example.tach 1.2.0-rc.1  gtach.example.display 1.0.0" + NL
                + "IMPORTS             RANGE          EXPORTED BY" + NL
                + "gtach.example.tach  [1.0.0,1.1.0)  gtach.example.tach 1.0.0" + NL
                + "java.lang           any            the Java runtime" + NL);
        // Without a version: the highest, named with its SemVer reading
        assertThat(commands.info(FakeSession.with(), false, "gtach.example.tach"))
                .startsWith("gtach.example.tach 1.2.0.rc_1 (SemVer 1.2.0-rc.1)" + NL);
        assertThat(commands.info(FakeSession.with(), false, "gtach.example.display"))
                .contains("org.slf4j (optional)  [1.7.0,2.0.0)  nothing in the repository");
    }

    @Test
    void infoAsJsonIsOneObjectWithExportsAndImports() throws Exception {
        JsonNode tach = JSON.readTree(commands.info(FakeSession.with(CHANNEL_VARIABLE, true), true, "gtach.example.tach", "1.0.0"));

        assertThat(tach.isObject()).isTrue();
        assertThat(tach.get("symbolicName").asText()).isEqualTo("gtach.example.tach");
        assertThat(tach.get("version").asText()).isEqualTo("1.0.0");
        JsonNode export = tach.get("exports").get(0);
        assertThat(export.get("name").asText()).isEqualTo("gtach.example.tach");
        assertThat(export.get("version").asText()).isEqualTo("1.0.0");
        assertThat(export.get("alsoExportedBy").get(0).get("version").asText()).isEqualTo("1.2.0-rc.1");
        assertThat(export.get("importedBy")).hasSize(1);
        assertThat(export.get("importedBy").get(0).get("symbolicName").asText()).isEqualTo("gtach.example.display");
        JsonNode imported = tach.get("imports").get(0);
        assertThat(imported.get("range").asText()).isEqualTo("[1.0.0,1.1.0)");
        assertThat(imported.get("optional").asBoolean()).isFalse();
        assertThat(imported.get("exportedBy").get(0).get("symbolicName").asText()).isEqualTo("gtach.example.tach");
        assertThat(tach.get("imports").get(1).get("exportedBy")).isEmpty();
    }

    @Test
    void infoOfAnUnknownPackageKeepsItsMessage() {
        assertThatThrownBy(() -> commands.info(null, true, "gtach.example.gauge"))
                .hasMessage("No package gtach.example.gauge in the repository.");
        assertThatThrownBy(() -> commands.info(null, false, "gtach.example.tach", "9.0.0"))
                .hasMessage("No package gtach.example.tach 9.0.0 in the repository.");
    }

    @Test
    void infoOfAQuarantinedPackageGivesTheRepositorysReason() {
        assertThatThrownBy(() -> commands.info(null, false, "quarantined.pkg", "1.0.0"))
                .hasMessage("quarantined.pkg 1.0.0 was quarantined on 2026-12-01 (bundle.jar does not match its recorded "
                        + "sha256); gtach:add of the original JAR restores it.");
    }

    @Test
    void infoReadsTheVersionStrictlyAndExactly() {
        // When / Then: SemVer or OSGi text names one stored version
        assertThat(commands.info(null, true, "gtach.example.tach", "1.2.0-rc.1")).contains("\"osgiVersion\": \"1.2.0.rc_1\"");
        assertThat(commands.info(null, true, "gtach.example.tach", "1.2.0.rc_1")).contains("\"osgiVersion\": \"1.2.0.rc_1\"");
        assertThat(commands.info(null, true, "gtach.example.tach", "1")).contains("\"osgiVersion\": \"1.0.0\"");
        assertThatThrownBy(() -> commands.info(null, false, "gtach.example.tach", "01.0.0"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid version \"01.0.0\": numeric identifier \"01\" has a leading zero at character 1");
        assertThatThrownBy(() -> commands.info(null, false, "gtach.example.tach", "1.0", "2.0"))
                .hasMessage("info takes a symbolic name and at most one version, but got 3 words (gtach.example.tach 1.0 2.0).");
    }

    @Test
    void removeReadsTheVersionStrictly() throws Exception {
        // Given a repository that records what it is asked to remove
        List<String> removed = new java.util.ArrayList<>();
        RepositoryCommands removing = new RepositoryCommands((gtach.provisioning.repository.PackageRepository)
                java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {gtach.provisioning.repository.PackageRepository.class}, (proxy, method, args) -> {
                            removed.add(args[0] + " " + args[1]);
                            return TACH_RC;
                        }));

        // When / Then: 1.2.0-rc.1 is 1.2.0.rc_1; 01.2 and an empty version are refused, nothing removed
        assertThat(removing.remove("gtach.example.tach", "1.2.0-rc.1")).isEqualTo("Removed gtach.example.tach 1.2.0.rc_1." + NL);
        assertThatThrownBy(() -> removing.remove("gtach.example.tach", "01.2"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid version \"01.2\": numeric identifier \"01\" has a leading zero at character 1");
        assertThatThrownBy(() -> removing.remove("gtach.example.tach", ""))
                .hasMessage("Invalid version \"\": expected the major version but found the end of the text at character 1");
        assertThat(removed).containsExactly("gtach.example.tach 1.2.0.rc_1");
    }

    @Test
    void searchRefusesABlankRange() {
        assertThatThrownBy(() -> commands.search(null, false, " ", "tach"))
                .hasMessage("Invalid version range \" \": expected a version range but found only whitespace at character 1");
        assertThatThrownBy(() -> commands.search(null, false, "[2,1]", "tach"))
                .hasMessageContaining("so no version fits");
    }

    @Test
    void gcWithNothingToRemoveSaysWhy() throws Exception {
        assertThat(commands.gc(null, 2))
                .isEqualTo("Nothing to remove: every stored version is among the 2 highest of its package or used by a generation." + NL);
    }

    private static PackageId id(String symbolicName, String version) {
        return new PackageId(symbolicName, Version.parseVersion(version));
    }
}
