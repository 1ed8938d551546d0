package gtach.provisioning.update.internal;

import aQute.bnd.service.diff.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class KeptComparisonsTest {

    private static final String OLDER = "a".repeat(64);
    private static final String NEWER = "b".repeat(64);
    private static final List<ApiBreaks.PackageBreaks> FOUND = List.of(new ApiBreaks.PackageBreaks("p.api",
            new Version(1, 0, 0), new Version(1, 3, 0), List.of(
                    new ApiBreaks.Break(ApiBreaks.Kind.REMOVED, "p.api.Tachometer", Type.CLASS, Optional.of("rpm()"), Type.METHOD),
                    new ApiBreaks.Break(ApiBreaks.Kind.REMOVED, "p.api.Gone", Type.INTERFACE, Optional.empty(), null))));

    @TempDir
    Path dir;

    @Test
    void whatIsWrittenIsReadBackForThePackagesItCovers() {
        KeptComparisons kept = new KeptComparisons(dir);
        kept.write(OLDER, NEWER, Set.of("p.api", "p.other"), FOUND);

        KeptComparisons restarted = new KeptComparisons(dir);
        assertThat(restarted.read(OLDER, NEWER, Set.of("p.api", "p.other"))).contains(FOUND);
        assertThat(restarted.read(OLDER, NEWER, Set.of("p.other"))).contains(List.of());
        // not compared: a package more, or the pair the other way round
        assertThat(restarted.read(OLDER, NEWER, Set.of("p.api", "p.third"))).isEmpty();
        assertThat(restarted.read(NEWER, OLDER, Set.of("p.api"))).isEmpty();
    }

    @Test
    void whatIsNotAHashMakesNoFile() throws Exception {
        KeptComparisons kept = new KeptComparisons(dir);
        kept.write("../../etc", NEWER, Set.of("p.api"), FOUND);

        assertThat(kept.read("../../etc", NEWER, Set.of("p.api"))).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aFileForAnotherPairOrFormatIsNotBelieved() throws Exception {
        KeptComparisons kept = new KeptComparisons(dir);
        kept.write(OLDER, NEWER, Set.of("p.api"), FOUND);
        Path file = dir.resolve(OLDER + "-" + NEWER + ".json");
        String json = Files.readString(file);

        Files.writeString(file, json.replace(NEWER, "c".repeat(64)));
        assertThat(kept.read(OLDER, NEWER, Set.of("p.api"))).isEmpty();
        Files.writeString(file, json.replace("\"format\":1", "\"format\":2"));
        assertThat(kept.read(OLDER, NEWER, Set.of("p.api"))).isEmpty();
        Files.writeString(file, json.replace("REMOVED", "VANISHED"));
        assertThat(kept.read(OLDER, NEWER, Set.of("p.api"))).isEmpty();
    }

    @Test
    void onlyTheNewestComparisonsAreKept() throws Exception {
        KeptComparisons kept = new KeptComparisons(dir);
        for (int i = 0; i < KeptComparisons.KEPT + 5; i++) {
            String older = String.format("%064x", i);
            kept.write(older, NEWER, Set.of("p.api"), FOUND);
            Files.setLastModifiedTime(dir.resolve(older + "-" + NEWER + ".json"), FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        kept.write(OLDER, NEWER, Set.of("p.api"), FOUND);

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).hasSize(KeptComparisons.KEPT);
        }
        assertThat(kept.read(OLDER, NEWER, Set.of("p.api"))).contains(FOUND);
        assertThat(kept.read(String.format("%064x", 0), NEWER, Set.of("p.api"))).isEmpty();
        assertThat(kept.read(String.format("%064x", KeptComparisons.KEPT + 4), NEWER, Set.of("p.api"))).isPresent();
    }

    @Test
    void aWriteCutShortByACrashIsCleanedUpByALaterOne() throws Exception {
        Path abandoned = Files.writeString(dir.resolve("." + "c".repeat(64) + "-" + NEWER + ".json.tmp"), "{\"format\":1,\"ol");
        Files.setLastModifiedTime(abandoned, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Path recent = Files.writeString(dir.resolve("." + "d".repeat(64) + "-" + NEWER + ".json.tmp"), "{");

        new KeptComparisons(dir).write(OLDER, NEWER, Set.of("p.api"), FOUND);

        assertThat(abandoned).doesNotExist();
        // perhaps another thread's write under way
        assertThat(recent).exists();
        assertThat(dir.resolve(OLDER + "-" + NEWER + ".json")).exists();
    }
}
