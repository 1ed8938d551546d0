package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;

import gtach.provisioning.repository.ExportedPackage;
import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.Version;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/** Substring search over the packed text and its signatures, compared with the obvious way. */
class SearchTextTest {

    private static final String SHA = "0".repeat(64);

    private static IndexEntry entry(String name, String version, String bundleName, String description, String... exports) {
        List<ExportedPackage> exported = new ArrayList<>();
        for (String export : exports) {
            exported.add(new ExportedPackage(export, Version.emptyVersion));
        }
        PackageInfo info = new PackageInfo(new PackageId(name, Version.parseVersion(version)), SHA, 1, bundleName, description,
                exported, List.of(), "file:/x.jar", Instant.EPOCH);
        return new IndexEntry(info, Optional.empty(), false, List.of(), null);
    }

    private static final List<IndexEntry> ENTRIES = List.of(
            entry("gtach.tach", "1.0.0", "Tachometer", "Shows engine speed", "gtach.tach.api"),
            entry("gtach.tach", "1.1.0", "Tachometer", "Shows engine speed", "gtach.tach.api"),
            entry("gtach.tach", "2.0.0", "Tachometer", "Shows engine speed in Drehzahl/min", "gtach.tach.api", "gtach.tach.spi"),
            entry("gtach.bus", "1.0.0", "", "The CAN bus", "gtach.bus"),
            entry("gtach.ünïcode", "1.0.0", "Ämter", "ΣΊΣΥΦΟΣ rolls", "x"));

    private static List<Integer> search(String needle) {
        List<Integer> found = new ArrayList<>();
        SearchText.of(ENTRIES).forEachMatch(needle, found::add);
        return found;
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {
        "tach         | 0,1,2,3,4",
        "TACHO        | 0,1,2",
        "drehzahl     | 2",
        "tach.spi     | 2",
        "speed        | 0,1,2",
        "can bus      | 3",
        "g            | 0,1,2,3,4",
        "ämter        | 4",
        "ΣΊΣΥΦΟΣ      | 4",
        "σίσυφος      | 4",
        "üNÏ          | 4",
        "nothing      | ''",
    })
    void findsEveryEntryContainingTheTextIgnoringCase(String needle, String expected) {
        // When
        List<Integer> found = search(needle);

        // Then
        List<Integer> wanted = expected.isEmpty() ? List.of()
                : Arrays.stream(expected.split(",")).map(Integer::valueOf).toList();
        assertThat(found).isEqualTo(wanted);
    }

    @Test
    void anEmptyTextMatchesEverything() {
        // When / Then
        assertThat(search("")).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void noMatchSpansTwoFields() {
        // When / Then: "tachometer" ends a field and "shows" starts the next
        assertThat(search("tachometershows")).isEmpty();
        assertThat(search("tachometer\u0000shows")).isEmpty();
        assertThat(search("gtach.tachtachometer")).isEmpty();
    }

    @Test
    void agreesWithAPlainScanOnGeneratedEntries() {
        // Given
        List<IndexEntry> entries = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            entries.add(entry("p" + (i / 5), "1." + (i % 5) + ".0", "Package " + (i / 5),
                    "number " + random.nextInt(100000) + (i % 3 == 0 ? " shared" : ""), "p" + (i / 5) + ".api"));
        }
        SearchText text = SearchText.of(entries);

        for (String needle : List.of("p1", "number 4", "shared", "7", "age 19", "api", "p19.api", "number 12345")) {
            // When
            List<Integer> found = new ArrayList<>();
            text.forEachMatch(needle, found::add);

            // Then
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                PackageInfo info = entries.get(i).info();
                String all = String.join("\u0000", info.id().symbolicName(), info.name(), info.description(),
                        info.exports().get(0).name()).toLowerCase(Locale.ROOT);
                if (all.contains(needle)) {
                    expected.add(i);
                }
            }
            assertThat(found).as(needle).isEqualTo(expected);
        }
    }
}
