package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gtach.provisioning.repository.ExportedPackage;
import gtach.provisioning.repository.ImportedPackage;
import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** package.json and in-use records: the format as written, read back, and refused when malformed. */
class MetadataFormatTest {

    private static final String SHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /** A format 1 package.json as written by the first version; every later version must read it. */
    private static final String FORMAT_1 = """
            {
              "format" : 1,
              "symbolicName" : "tach",
              "version" : "1.2.3.rc_1",
              "semanticVersion" : "1.2.3-rc.1",
              "sha256" : "%s",
              "size" : 123,
              "name" : "Tachometer",
              "description" : "Shows engine speed",
              "exports" : [ { "name" : "a.b", "version" : "1.2.3" } ],
              "imports" : [ { "name" : "c.d", "range" : "[1.0.0,2.0.0)", "optional" : false } ],
              "capabilities" : [ {
                "namespace" : "osgi.wiring.package",
                "attributes" : { "osgi.wiring.package" : "a.b", "version:Version" : "1.2.3" },
                "directives" : { "uses" : "c.d" }
              }, {
                "namespace" : "gtach.gauge",
                "attributes" : { "max:Long" : 8000, "ratio:Double" : 1.5, "units:List<String>" : [ "rpm", "hz" ],
                                 "since:List<Version>" : [ "1.0.0", "2.0.0" ], "steps:List<Long>" : [ 1, 2 ] },
                "directives" : { }
              } ],
              "requirements" : [ {
                "namespace" : "osgi.wiring.package",
                "attributes" : { },
                "directives" : { "filter" : "(&(osgi.wiring.package=c.d)(version>=1.0.0)(!(version>=2.0.0)))" }
              } ],
              "source" : "file:/jars/tach.jar",
              "added" : "2026-11-25T19:00:00Z"
            }
            """.formatted(SHA);

    private static PackageRecord sample() {
        PackageInfo info = new PackageInfo(new PackageId("tach", Version.parseVersion("1.2.3.rc_1")), SHA, 123,
                "Tachometer", "Shows engine speed", List.of(new ExportedPackage("a.b", new Version(1, 2, 3))),
                List.of(new ImportedPackage("c.d", new VersionRange("[1,2)"), false)),
                "file:/jars/tach.jar", Instant.parse("2026-11-25T19:00:00Z"));
        Map<String, Object> gauge = new LinkedHashMap<>();
        gauge.put("max", 8000L);
        gauge.put("ratio", 1.5);
        gauge.put("units", List.of("rpm", "hz"));
        gauge.put("since", List.of(new Version(1, 0, 0), new Version(2, 0, 0)));
        gauge.put("steps", List.of(1L, 2L));
        return new PackageRecord(info, List.of(
                new CapReqRecord("osgi.wiring.package", Map.of("osgi.wiring.package", "a.b", "version", new Version(1, 2, 3)),
                        Map.of("uses", "c.d")),
                new CapReqRecord("gtach.gauge", gauge, Map.of())),
                List.of(new CapReqRecord("osgi.wiring.package", Map.of(),
                        Map.of("filter", "(&(osgi.wiring.package=c.d)(version>=1.0.0)(!(version>=2.0.0)))"))));
    }

    @Test
    void readsFormat1() throws Exception {
        // When
        PackageRecord record = MetadataFormat.readPackage(FORMAT_1.getBytes(StandardCharsets.UTF_8));

        // Then
        assertThat(record).isEqualTo(sample());
        assertThat(record.capabilities().get(1).attributes().get("since")).isEqualTo(List.of(new Version(1, 0, 0), new Version(2, 0, 0)));
    }

    @Test
    void writesWhatItReads() throws Exception {
        // Given
        PackageRecord record = sample();

        // When
        byte[] written = MetadataFormat.writePackage(record);

        // Then
        assertThat(MetadataFormat.readPackage(written)).isEqualTo(record);
        String text = new String(written, StandardCharsets.UTF_8);
        assertThat(text).contains("\"format\" : 1", "\"semanticVersion\" : \"1.2.3-rc.1\"", "\"version:Version\" : \"1.2.3\"",
                "\"max:Long\" : 8000", "\"ratio:Double\" : 1.5", "\"units:List<String>\" : [ \"rpm\", \"hz\" ]",
                "\"added\" : \"2026-11-25T19:00:00Z\"");
        assertThat(text.indexOf("\"format\"")).isLessThan(text.indexOf("\"symbolicName\""));
    }

    @Test
    void omitsTheSemanticVersionWhenThereIsNone() throws Exception {
        // Given
        PackageRecord sample = sample();
        PackageInfo info = sample.info();
        PackageRecord record = new PackageRecord(new PackageInfo(new PackageId("tach", Version.parseVersion("1.0.0.0123")),
                info.sha256(), info.size(), info.name(), info.description(), info.exports(), info.imports(), info.source(),
                info.added()), sample.capabilities(), sample.requirements());

        // When
        byte[] written = MetadataFormat.writePackage(record);

        // Then
        assertThat(new String(written, StandardCharsets.UTF_8)).doesNotContain("semanticVersion");
        assertThat(MetadataFormat.readPackage(written)).isEqualTo(record);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown field     | \"size\" : 123,                 | \"size\" : 123, \"colour\" : \"red\",     | Unrecognized field \"colour\"",
        "other format      | \"format\" : 1,                 | \"format\" : 2,                       | it has format 2, this version reads format 1",
        "duplicate key     | \"size\" : 123,                 | \"size\" : 123, \"size\" : 124,         | Duplicate field 'size'",
        "coerced number    | \"size\" : 123,                 | \"size\" : \"123\",                     | Cannot coerce String value",
        "missing field     | \"name\" : \"Tachometer\",        | ''                                  | the field \"name\" is missing",
        "unsafe name       | \"symbolicName\" : \"tach\",      | \"symbolicName\" : \"../tach\",           | its symbolicName \"../tach\" is unsafe: it contains the character '/'",
        "bad sha256        | \"sha256\" : \"0123             | \"sha256\" : \"X123                     | its sha256 is not 64 lower-case hex digits",
        "bad version       | \"version\" : \"1.2.3.rc_1\",     | \"version\" : \"one\",                    | its version \"one\" is not an OSGi version",
        "bad range         | \"range\" : \"[1.0.0,2.0.0)\"     | \"range\" : \"[1.0.0,\"                   | the import range \"[1.0.0,\" is not an OSGi version range",
        "unknown type      | \"max:Long\" : 8000             | \"max:Integer\" : 8000                | attribute max:Integer has the unknown type Integer",
        "mistyped value    | \"max:Long\" : 8000             | \"max:Long\" : \"8000\"                   | attribute max:Long does not hold a Long",
        "polymorphic hint  | \"attributes\" : { }            | \"attributes\" : { \"@class\" : \"java.io.File\" } | attribute key \"@class\" is not a valid attribute name",
    })
    void refusesMalformedContent(String what, String original, String replacement, String problem) {
        // Given
        String json = FORMAT_1.replace(original, replacement);
        assertThat(json).as(what).isNotEqualTo(FORMAT_1);

        // When / Then
        assertThatThrownBy(() -> MetadataFormat.readPackage(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMetadataException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void refusesTrailingContent() {
        // Given
        String json = FORMAT_1 + "{}";

        // When / Then
        assertThatThrownBy(() -> MetadataFormat.readPackage(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMetadataException.class)
                .hasMessageContaining("Trailing token");
    }

    @Test
    void refusesDeepNesting() {
        // Given
        String json = FORMAT_1.replace("\"attributes\" : { }", "\"attributes\" : { \"deep:List<String>\" : "
                + "[".repeat(40) + "]".repeat(40) + " }");

        // When / Then
        assertThatThrownBy(() -> MetadataFormat.readPackage(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMetadataException.class)
                .hasMessageContaining("Document nesting depth (17) exceeds the maximum allowed (16");
    }

    @Test
    void refusesAnOversizedFileBeforeReadingIt(@TempDir Path temp) throws Exception {
        // Given: a sparse file over the limit
        Path file = temp.resolve("package.json");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(MetadataFormat.MAX_PACKAGE_JSON_BYTES + 1);
        }

        // When / Then
        assertThatThrownBy(() -> MetadataFormat.readPackage(file))
                .isInstanceOf(MalformedMetadataException.class)
                .hasMessage("it is 8388609 bytes, more than the limit of 8388608 bytes");
    }

    @Test
    void refusesAnOversizedString() {
        // Given
        String json = FORMAT_1.replace("Shows engine speed", "x".repeat(MetadataFormat.MAX_STRING_LENGTH + 1));

        // When / Then
        assertThatThrownBy(() -> MetadataFormat.readPackage(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMetadataException.class)
                .hasMessageContaining("String value length (2097153) exceeds the maximum allowed (2097152");
    }

    @Test
    void inUseRecordsRoundTrip(@TempDir Path temp) throws Exception {
        // Given
        List<PackageId> ids = List.of(new PackageId("tach", new Version(1, 0, 0)), new PackageId("bus", Version.parseVersion("2.0.0.rc_1")));
        Path file = temp.resolve("update.json");

        // When
        Files.write(file, MetadataFormat.writeInUse("update", ids, Optional.empty()));

        // Then
        assertThat(MetadataFormat.readInUse(file)).isEqualTo(new MetadataFormat.InUse(ids, Optional.empty()));
        assertThat(Files.readString(file)).contains("\"format\" : 1", "\"owner\" : \"update\"", "\"symbolicName\" : \"tach\"")
                .doesNotContain("builds");
    }

    @Test
    void inUseRecordsWithBuildsRoundTrip(@TempDir Path temp) throws Exception {
        // Given: an owner naming the builds it uses
        List<PackageId> ids = List.of(new PackageId("tach", Version.parseVersion("1.0.0.SNAPSHOT")));
        String other = "b".repeat(64);
        Path file = temp.resolve("update.json");

        // When
        Files.write(file, MetadataFormat.writeInUse("update", ids, Optional.of(List.of(SHA, other))));

        // Then
        assertThat(MetadataFormat.readInUse(file)).isEqualTo(new MetadataFormat.InUse(ids, Optional.of(Set.of(SHA, other))));
    }

    @Test
    void refusesAnInUseBuildThatIsNoHash(@TempDir Path temp) throws Exception {
        // Given
        Path file = Files.writeString(temp.resolve("update.json"), """
                {"format":1,"owner":"update","packages":[],"builds":["abc"]}""");

        // When / Then
        assertThatThrownBy(() -> MetadataFormat.readInUse(file)).isInstanceOf(MalformedMetadataException.class)
                .hasMessageContaining("\"abc\" is not 64 lower-case hex digits");
    }

    @Test
    void developmentBuildsRoundTripAndReleasesDoNotSaySo() throws Exception {
        // Given
        PackageRecord release = sample();
        PackageRecord development = release.asDevelopment(true);

        // When
        byte[] releaseJson = MetadataFormat.writePackage(release);
        byte[] developmentJson = MetadataFormat.writePackage(development);

        // Then
        assertThat(new String(releaseJson, StandardCharsets.UTF_8)).doesNotContain("development");
        assertThat(new String(developmentJson, StandardCharsets.UTF_8)).contains("\"development\" : true");
        assertThat(MetadataFormat.readPackage(releaseJson).development()).isFalse();
        assertThat(MetadataFormat.readPackage(developmentJson)).isEqualTo(development);
    }

    @Test
    void readsInUseFormat1(@TempDir Path temp) throws Exception {
        // Given
        Path file = Files.writeString(temp.resolve("shell.json"), """
                {"format":1,"owner":"shell","packages":[{"symbolicName":"tach","version":"1.0.0"}]}""");

        // When / Then
        assertThat(MetadataFormat.readInUse(file).packages()).containsExactly(new PackageId("tach", new Version(1, 0, 0)));
        assertThat(MetadataFormat.readInUse(file).builds()).isEmpty();
    }
}
