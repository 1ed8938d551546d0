package gtach.provisioning.itests;

import gtach.provisioning.version.ChangeKind;
import gtach.provisioning.version.CompatibilityChecker;
import gtach.provisioning.version.CompatibilityReport;
import gtach.provisioning.version.LostWire;
import gtach.provisioning.version.SemanticVersion;
import gtach.provisioning.version.VersionService;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.FrameworkWiring;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static gtach.provisioning.itests.TestBundles.bundle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CompatibilityCheckTest extends ProvisioningTestBase {

    @Test
    public void versionServicesComeUpThroughDeclarativeServices() throws Exception {
        VersionService versions = service(VersionService.class);
        assertThat(versions.parse("1.2.3-rc.1").toOsgiVersion()).isEqualTo(new Version(1, 2, 3, "rc_1"));
        assertThat(versions.parseRange("^1.2").toOsgiRange().toString()).isEqualTo("[1.2.0,2.0.0)");
        assertThat(service(CompatibilityChecker.class)).isNotNull();
    }

    @Test
    public void majorCandidateNamesTheConsumerThatImportsTheOldRange() throws Exception {
        // Given tach 1.0.0 exporting gtach.tach 1.0.0 and display importing [1.0,2), both resolved
        install(bundle("tach", "1.0.0").exports("gtach.tach;version=1.0.0"), "test:tach");
        Bundle display = install(bundle("display", "1.0.0").imports("gtach.tach;version=\"[1.0,2)\""), "test:display");
        Bundle logger = install(bundle("logger", "1.0.0").imports("gtach.tach;version=\"[1.0,3)\""), "test:logger");
        assertThat(resolve(display, logger)).isTrue();
        Path candidate = bundle("tach", "2.0.0").exports("gtach.tach;version=2.0.0").writeTo(Files.createTempDirectory("candidate"));

        // When tach 2.0.0 is checked
        CompatibilityReport report = service(CompatibilityChecker.class).check(candidate);

        // Then display, and only display, loses its wire
        assertThat(report.compatible()).isFalse();
        assertThat(report.change()).isEqualTo(ChangeKind.MAJOR);
        assertThat(report.installedVersion()).contains(new Version(1, 0, 0));
        assertThat(report.lostWires()).hasSize(1);
        LostWire lost = report.lostWires().get(0);
        assertThat(lost.consumerSymbolicName()).isEqualTo("display");
        assertThat(lost.consumerId()).isEqualTo(display.getBundleId());
        assertThat(lost.requirement()).isEqualTo("Import-Package: gtach.tach;version=\"[1.0,2)\"");
        assertThat(lost.reason()).isEqualTo("tach 2.0.0 exports gtach.tach 2.0.0");
    }

    @Test
    public void minorCandidateIsCompatible() throws Exception {
        install(bundle("tach", "1.0.0").exports("gtach.tach;version=1.0.0"), "test:tach");
        Bundle display = install(bundle("display", "1.0.0").imports("gtach.tach;version=\"[1.0,2)\""), "test:display");
        assertThat(resolve(display)).isTrue();
        Path candidate = bundle("tach", "1.1.0").exports("gtach.tach;version=1.1.0").writeTo(Files.createTempDirectory("candidate"));

        CompatibilityReport report = service(CompatibilityChecker.class).check(candidate);

        assertThat(report.compatible()).isTrue();
        assertThat(report.change()).isEqualTo(ChangeKind.MINOR);
    }

    @Test
    public void droppedPackageRequiredBundleAndFragmentHostAreAllReported() throws Exception {
        // Given a library with two packages, a consumer of each kind of wire
        install(bundle("lib", "1.4.0").exports("gtach.lib.a;version=1.4.0,gtach.lib.b;version=1.4.0"), "test:lib");
        Bundle usesB = install(bundle("uses.b", "1.0.0").imports("gtach.lib.b;version=\"[1.4,2)\""), "test:uses.b");
        Bundle requires = install(bundle("requires.lib", "1.0.0").header("Require-Bundle", "lib;bundle-version=\"[1.0,1.5)\""), "test:requires");
        Bundle fragment = install(bundle("lib.fragment", "1.0.0").header("Fragment-Host", "lib;bundle-version=\"[1.0,1.5)\""), "test:fragment");
        assertThat(resolve(usesB, requires, fragment)).isTrue();
        // lib 1.5.0 drops gtach.lib.b and is outside both bundle-version ranges
        Path candidate = bundle("lib", "1.5.0").exports("gtach.lib.a;version=1.5.0").writeTo(Files.createTempDirectory("candidate"));

        CompatibilityReport report = service(CompatibilityChecker.class).check(candidate);

        assertThat(report.change()).isEqualTo(ChangeKind.MINOR);
        assertThat(report.lostWires()).extracting(LostWire::consumerSymbolicName, LostWire::requirement).containsExactly(
                org.assertj.core.groups.Tuple.tuple("uses.b", "Import-Package: gtach.lib.b;version=\"[1.4,2)\""),
                org.assertj.core.groups.Tuple.tuple("requires.lib", "Require-Bundle: lib;bundle-version=\"[1.0,1.5)\""),
                org.assertj.core.groups.Tuple.tuple("lib.fragment", "Fragment-Host: lib;bundle-version=\"[1.0,1.5)\""));
        assertThat(report.lostWires().get(0).reason()).isEqualTo("lib 1.5.0 does not export gtach.lib.b");
    }

    @Test
    public void genericCapabilityLostThroughTheManifestAloneIsReported() throws Exception {
        // Given a display driver providing a generic capability a dashboard requires
        install(bundle("display.driver", "1.0.0").header("Provide-Capability", "gtach.display;gtach.display=lcd;version:Version=1.0"),
                "test:driver");
        Bundle dashboard = install(bundle("dashboard", "3.1.0").header("Require-Capability",
                "gtach.display;filter:=\"(&(gtach.display=lcd)(version>=1.0)(!(version>=2.0)))\""), "test:dashboard");
        assertThat(resolve(dashboard)).isTrue();
        java.util.jar.Manifest manifest = new java.util.jar.Manifest(new java.io.ByteArrayInputStream((
                "Manifest-Version: 1.0\nBundle-ManifestVersion: 2\nBundle-SymbolicName: display.driver\n"
                + "Bundle-Version: 1.0.1\nProvide-Capability: gtach.display;gtach.display=oled;version:Version=1.0\n")
                .getBytes(StandardCharsets.UTF_8)));

        // When the candidate is given by its manifest alone
        CompatibilityReport report = service(CompatibilityChecker.class).check(manifest);

        // Then the patch release still breaks the dashboard, and the report says how
        assertThat(report.change()).isEqualTo(ChangeKind.PATCH);
        assertThat(report.lostWires()).singleElement().satisfies(lost -> {
            assertThat(lost.consumerSymbolicName()).isEqualTo("dashboard");
            assertThat(lost.namespace()).isEqualTo("gtach.display");
            assertThat(lost.requirement()).isEqualTo(
                    "Require-Capability: gtach.display;filter:=\"(&(gtach.display=lcd)(version>=1.0)(!(version>=2.0)))\"");
            assertThat(lost.reason()).isEqualTo("display.driver 1.0.1 provides no matching gtach.display capability");
        });
    }

    @Test
    public void checkCommandPrintsOneLinePerConsumerAndRefusesANonBundle() throws Exception {
        install(bundle("tach", "1.0.0").exports("gtach.tach;version=1.0.0"), "test:tach");
        Bundle display = install(bundle("display", "1.0.0").imports("gtach.tach;version=\"[1.0,2)\""), "test:display");
        assertThat(resolve(display)).isTrue();
        Path dir = Files.createTempDirectory("candidate");
        bundle("tach", "2.0.0").exports("gtach.tach;version=2.0.0").writeTo(dir);
        Path notABundle = Files.writeString(dir.resolve("notes.jar"), "just text");

        String output = gogo(dir, "gtach:check tach-2.0.0.jar");
        assertThat(output).contains("tach 1.0.0 -> 2.0.0 (major): incompatible, 1 installed bundle would lose a wire");
        assertThat(output).containsPattern("display +1\\.0\\.0 +Import-Package: gtach\\.tach;version=\"\\[1\\.0,2\\)\" +tach 2\\.0\\.0 exports gtach\\.tach 2\\.0\\.0");

        assertThatThrownBy(() -> gogo(dir, "gtach:check notes.jar"))
                .hasMessageContaining("notes.jar")
                .hasMessageContaining("not a");
        assertThat(SemanticVersion.parse("1.0.0")).isNotNull();
    }

    private boolean resolve(Bundle... bundles) {
        return context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(List.of(bundles));
    }

    private String gogo(Path dir, String line) throws Exception {
        CommandProcessor processor = service(CommandProcessor.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        try (CommandSession session = processor.createSession(InputStream.nullInputStream(), print, print)) {
            session.currentDir(dir);
            Object result = session.execute(line);
            return result == null ? out.toString(StandardCharsets.UTF_8) : String.valueOf(result);
        }
    }
}
