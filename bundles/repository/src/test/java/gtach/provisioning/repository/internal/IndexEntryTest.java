package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;

import gtach.provisioning.repository.ExportedPackage;
import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the index records of a package: fragment, namespaces and the capability layout. */
class IndexEntryTest {

    private static final Version V1 = new Version(1, 0, 0);

    private static PackageInfo info(List<ExportedPackage> exports) {
        return new PackageInfo(new PackageId("tach", V1), "0".repeat(64), 1, "", "", exports, List.of(), "file:/t.jar", Instant.EPOCH);
    }

    private static CapReqRecord capability(String namespace, Map<String, Object> attributes) {
        return new CapReqRecord(namespace, attributes, Map.of());
    }

    @Test
    void recordsTheLayoutOfStandardCapabilities() {
        // Given
        ExportedPackage export = new ExportedPackage("a.b", new Version(2, 0, 0));
        PackageRecord record = new PackageRecord(info(List.of(export)), List.of(
                capability("osgi.identity", Map.of("osgi.identity", "tach", "version", V1, "type", "osgi.bundle", "description", "d")),
                capability("osgi.wiring.package", Map.of("osgi.wiring.package", "a.b", "version", new Version(2, 0, 0),
                        "bundle-symbolic-name", "tach", "bundle-version", V1, "vendor", "acme")),
                capability("osgi.wiring.bundle", Map.of("osgi.wiring.bundle", "tach", "bundle-version", V1)),
                capability("osgi.wiring.host", Map.of("osgi.wiring.host", "tach", "bundle-version", V1)),
                capability("osgi.service", Map.of("objectClass", List.of("x.Y")))),
                List.of());

        // When
        IndexEntry entry = IndexEntry.of(record, new Interner());

        // Then
        assertThat(entry.layout()).contains("ipbhx");
        assertThat(entry.fragment()).isFalse();
        assertThat(entry.namespaces()).containsExactly("osgi.service", "osgi.wiring.bundle", "osgi.wiring.host");
    }

    @Test
    void recordsNoLayoutWhenACapabilityDisagreesWithTheIndex() {
        // Given: a package capability claiming another bundle version
        ExportedPackage export = new ExportedPackage("a.b", V1);
        PackageRecord record = new PackageRecord(info(List.of(export)), List.of(
                capability("osgi.identity", Map.of("osgi.identity", "tach", "version", V1, "type", "osgi.fragment")),
                capability("osgi.wiring.package", Map.of("osgi.wiring.package", "a.b", "version", V1,
                        "bundle-symbolic-name", "tach", "bundle-version", new Version(9, 0, 0)))),
                List.of());

        // When
        IndexEntry entry = IndexEntry.of(record, new Interner());

        // Then
        assertThat(entry.layout()).isEmpty();
        assertThat(entry.fragment()).isTrue();
    }

    @Test
    void recordsNoLayoutWhenExportsAndCapabilitiesDiffer() {
        // Given: an export without its capability
        PackageRecord record = new PackageRecord(info(List.of(new ExportedPackage("a.b", V1))), List.of(
                capability("osgi.identity", Map.of("osgi.identity", "tach", "version", V1, "type", "osgi.bundle"))),
                List.of());

        // When / Then
        assertThat(IndexEntry.of(record, new Interner()).layout()).isEmpty();
    }
}
