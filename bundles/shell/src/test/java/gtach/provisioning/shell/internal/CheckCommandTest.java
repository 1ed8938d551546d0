package gtach.provisioning.shell.internal;

import gtach.provisioning.version.ChangeKind;
import gtach.provisioning.version.CompatibilityReport;
import gtach.provisioning.version.LostWire;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CheckCommandTest {

    private static final String NL = System.lineSeparator();

    @Test
    void incompatibleReportIsOneAlignedLinePerConsumer() {
        CompatibilityReport report = new CompatibilityReport("tach", new Version(2, 0, 0), Optional.of(new Version(1, 0, 0)),
                ChangeKind.MAJOR, List.of(
                        new LostWire(12, "display", new Version(1, 0, 0), "osgi.wiring.package",
                                "Import-Package: gtach.tach;version=\"[1.0,2)\"", "tach 2.0.0 exports gtach.tach 2.0.0"),
                        new LostWire(130, "gtach.logger", new Version(1, 4, 2), "osgi.wiring.bundle",
                                "Require-Bundle: tach;bundle-version=\"[1,2)\"", "the candidate is tach 2.0.0")));

        assertThat(CheckCommand.format(report, false)).isEqualTo(
                "tach 1.0.0 -> 2.0.0 (major): incompatible, 2 installed bundles would lose a wire" + NL
                + "ID   CONSUMER      VERSION  REQUIREMENT                                   BUT" + NL
                + "12   display       1.0.0    Import-Package: gtach.tach;version=\"[1.0,2)\"  tach 2.0.0 exports gtach.tach 2.0.0" + NL
                + "130  gtach.logger  1.4.2    Require-Bundle: tach;bundle-version=\"[1,2)\"   the candidate is tach 2.0.0" + NL);
    }

    @Test
    void compatibleAndNotInstalledAreOneLine() {
        assertThat(CheckCommand.format(new CompatibilityReport("tach", new Version(1, 1, 0),
                Optional.of(new Version(1, 0, 0)), ChangeKind.MINOR, List.of()), false))
                .isEqualTo("tach 1.0.0 -> 1.1.0 (minor): compatible" + NL);
        assertThat(CheckCommand.format(new CompatibilityReport("tach", new Version(1, 1, 0),
                Optional.empty(), ChangeKind.NONE, List.of()), false))
                .isEqualTo("tach 1.1.0 is not installed: compatible, nothing depends on it" + NL);
    }
}
