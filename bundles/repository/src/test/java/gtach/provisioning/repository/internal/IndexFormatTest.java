package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gtach.provisioning.repository.ExportedPackage;
import gtach.provisioning.repository.ImportedPackage;
import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.version.SemanticVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** index.json: the compact format as written, read back, and refused when malformed. */
class IndexFormatTest {

    private static final String SHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /** A format 1 index as written by the first version; every later version must read it. */
    private static final String FORMAT_1 = ("{\"format\":1,\"generation\":7,\"packages\":["
            + "[\"tach\",\"1.0.0\",\"%s\",123,\"Tachometer\",\"\",\"file:/jars/tach.jar\",1795633200000,false,\"ipbh\","
            + "[\"osgi.wiring.bundle\",\"osgi.wiring.host\"],[\"a.b\",\"1.0.0\"],"
            + "[\"c.d\",\"[1.0.0,2.0.0)\",false,\"e.f\",\"0.0.0\",true]],"
            + "[\"tach.fragment\",\"2.0.0.0123\",\"%s\",5,\"\",\"d\",\"mvn:g/a/2\",0,true,null,[],[],[]]]}")
            .formatted(SHA, SHA);

    private static IndexEntry tach() {
        PackageInfo info = new PackageInfo(new PackageId("tach", new Version(1, 0, 0)), SHA, 123, "Tachometer", "",
                List.of(new ExportedPackage("a.b", new Version(1, 0, 0))),
                List.of(new ImportedPackage("c.d", new VersionRange("[1,2)"), false),
                        new ImportedPackage("e.f", new VersionRange("0"), true)),
                "file:/jars/tach.jar", Instant.parse("2026-11-25T19:00:00Z"));
        return new IndexEntry(info, Optional.of(SemanticVersion.parse("1.0.0")), false,
                List.of("osgi.wiring.bundle", "osgi.wiring.host"), "ipbh");
    }

    private static IndexEntry fragment() {
        PackageInfo info = new PackageInfo(new PackageId("tach.fragment", Version.parseVersion("2.0.0.0123")), SHA, 5, "", "d",
                List.of(), List.of(), "mvn:g/a/2", Instant.EPOCH);
        return new IndexEntry(info, Optional.empty(), true, List.of(), null);
    }

    private static PackageIndex read(String json) throws Exception {
        return IndexFormat.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsFormat1() throws Exception {
        // When
        PackageIndex index = read(FORMAT_1);

        // Then
        assertThat(index.generation()).isEqualTo(7);
        assertThat(index.entries()).hasSize(2);
        IndexEntry tach = index.entries().get(0);
        assertThat(tach.info()).isEqualTo(tach().info());
        assertThat(tach.semanticVersion()).contains(SemanticVersion.parse("1.0.0"));
        assertThat(tach.fragment()).isFalse();
        assertThat(tach.namespaces()).containsExactly("osgi.wiring.bundle", "osgi.wiring.host");
        assertThat(tach.layout()).contains("ipbh");
        IndexEntry fragment = index.entries().get(1);
        assertThat(fragment.info()).isEqualTo(fragment().info());
        assertThat(fragment.semanticVersion()).isEmpty();
        assertThat(fragment.fragment()).isTrue();
        assertThat(fragment.layout()).isEmpty();
        assertThat(index.exporters("a.b")).containsExactly(tach);
        assertThat(index.importers("e.f")).containsExactly(tach);
        assertThat(index.providers("osgi.wiring.host")).containsExactly(tach);
    }

    @Test
    void writesWhatItReads() throws Exception {
        // Given
        PackageIndex index = PackageIndex.of(7, List.of(fragment(), tach()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        // When
        IndexFormat.write(index, out);

        // Then
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(FORMAT_1);
    }

    @Test
    void sharesRepeatedValuesBetweenEntries() throws Exception {
        // Given
        String twice = FORMAT_1.replace("[\"tach.fragment\",\"2.0.0.0123\"", "[\"tach\",\"1.1.0\"")
                .replace("null,[],[],[]", "null,[],[\"a.b\",\"1.0.0\"],[\"c.d\",\"[1.0.0,2.0.0)\",false]");

        // When
        PackageIndex index = read(twice);

        // Then
        PackageInfo first = index.entries().get(0).info();
        PackageInfo second = index.entries().get(1).info();
        assertThat(second.id().symbolicName()).isSameAs(first.id().symbolicName());
        assertThat(second.exports().get(0).name()).isSameAs(first.exports().get(0).name());
        assertThat(second.exports().get(0).version()).isSameAs(first.exports().get(0).version());
        assertThat(second.imports().get(0)).isSameAs(first.imports().get(0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "other format    | \"format\":1                | \"format\":2                 | it has format 2, this version reads format 1",
        "unknown field   | \"generation\":7            | \"generation\":7,\"colour\":1 | unknown field \"colour\" at line 1",
        "duplicate field | \"generation\":7            | \"generation\":7,\"generation\":8 | duplicate field \"generation\" at line 1",
        "missing field   | ,\"Tachometer\"             | ''                           | expected a string but found an integer at line 1",
        "extra field     | ,false,\"ipbh\"             | ,false,\"ipbh\",1              | expected '[' but found an integer at line 1",
        "wrong type      | 123,                       | \"123\",                       | expected an integer but found a string at line 1",
        "unsafe name     | [\"tach\",                   | [\"../tach\",                  | the symbolic name \"../tach\" is unsafe: it contains the character '/'",
        "bad sha         | \"1.0.0\",\"0123             | \"1.0.0\",\"Z123               | the sha256 or size of tach 1.0.0 is invalid",
        "negative size   | 123,                       | -123,                        | the sha256 or size of tach 1.0.0 is invalid",
        "bad version     | \"tach\",\"1.0.0\"           | \"tach\",\"1.x\"               | invalid version \"1.x\": non-numeric \"x\"",
        "bad range       | [1.0.0,2.0.0)              | [1.0.0,                      | invalid range \"[1.0.0,\"",
        "truncated       | ]]]}                       | ]]}                          | expected",
    })
    void refusesMalformedContent(String what, String original, String replacement, String problem) {
        // Given
        String json = FORMAT_1.replaceFirst(Pattern.quote(original), Matcher.quoteReplacement(replacement));
        assertThat(json).as(what).isNotEqualTo(FORMAT_1);

        // When / Then
        assertThatThrownBy(() -> read(json))
                .isInstanceOf(MalformedMetadataException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void refusesTrailingContent() {
        // When / Then
        assertThatThrownBy(() -> read(FORMAT_1 + "[]"))
                .isInstanceOf(MalformedMetadataException.class)
                .hasMessage("it has content after the index");
    }
}
