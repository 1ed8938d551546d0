package gtach.provisioning.itests;

import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.VerifyReport;
import gtach.provisioning.repository.internal.RepositoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static gtach.provisioning.itests.TestBundles.bundle;
import static org.assertj.core.api.Assertions.assertThat;

/** The repository shared by several processes, and killed mid-write. */
class RepositoryProcessTest {

    private static final int KILLS = 20;

    @TempDir
    Path temp;

    private List<String> jars(String prefix, int count) throws IOException {
        List<String> jars = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jars.add(bundle(prefix + i, "1.0." + i).exports(prefix + i + ".api;version=1.0." + i)
                    .header("Bundle-Description", "test bundle " + i).writeTo(temp.resolve("jars")).toString());
        }
        return jars;
    }

    private static Process writer(Path repository, List<String> jars) throws IOException {
        List<String> command = new ArrayList<>(List.of(GtachProcess.java(), "-cp", System.getProperty("java.class.path"),
                RepositoryAddProcess.class.getName(), repository.toString()));
        command.addAll(jars);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    @Test
    void twoProcessesAddingAtOnceBothEndUpStoredAndIndexed() throws Exception {
        Path repository = temp.resolve("repository");
        Process first = writer(repository, jars("gtach.first.b", 25));
        Process second = writer(repository, jars("gtach.second.b", 25));
        String firstOut = new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String secondOut = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as(firstOut).isZero();
        assertThat(second.exitValue()).as(secondOut).isZero();

        RepositoryStore store = RepositoryStore.open(repository);
        assertThat(store.list("gtach.first.*")).hasSize(25);
        assertThat(store.list("gtach.second.*")).hasSize(25);
        assertConsistent(repository, store);
    }

    @Test
    void killedWhileAddingNeverLeavesAPartialPackageVisible() throws Exception {
        Path repository = temp.resolve("repository");
        List<String> jars = jars("gtach.killed.b", 400);
        Random random = new Random(20261125);
        for (int kill = 0; kill < KILLS; kill++) {
            Process process = writer(repository, jars);
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            // let it get going, then kill it at a random instant of its work
            int lines = 1 + random.nextInt(5);
            for (int i = 0; i < lines && out.readLine() != null; i++) {
                // reading progress lines
            }
            Thread.sleep(random.nextInt(40));
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

            RepositoryStore store = RepositoryStore.open(repository);
            assertConsistent(repository, store);
        }
        RepositoryStore store = RepositoryStore.open(repository);
        assertThat(store.list("gtach.killed.*")).isNotEmpty();
        VerifyReport report = store.verify();
        assertThat(report.quarantined()).isEmpty();
    }

    /** What the index lists is exactly what the directory holds, and every listed JAR is whole. */
    private static void assertConsistent(Path repository, RepositoryStore store) throws Exception {
        List<PackageInfo> listed = store.list("*");
        Set<String> listedDirs = listed.stream().map(p -> p.id().symbolicName() + "/" + p.id().version())
                .collect(Collectors.toSet());
        Set<String> dirs = Set.of();
        if (!Files.isDirectory(repository.resolve("packages"))) {
            assertThat(listedDirs).isEmpty();
            return;
        }
        try (Stream<Path> walk = Files.walk(repository.resolve("packages"), 2)) {
            dirs = walk.filter(p -> repository.resolve("packages").relativize(p).getNameCount() == 2)
                    .map(p -> repository.resolve("packages").relativize(p).toString()).collect(Collectors.toSet());
        }
        assertThat(listedDirs).isEqualTo(dirs);
        for (PackageInfo info : listed) {
            Path jar = store.bundleFile(info.id());
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar));
            assertThat(HexFormat.of().formatHex(hash)).as(info.id().toString()).isEqualTo(info.sha256());
            assertThat(Files.size(jar)).isEqualTo(info.size());
        }
    }
}
