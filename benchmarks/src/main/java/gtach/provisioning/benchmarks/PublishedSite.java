package gtach.provisioning.benchmarks;

import gtach.provisioning.repository.internal.RemoteAccess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A remote repository of generated packages ({@link GeneratedBundles}, layered imports) published
 * with the real publisher and its signing key, made once per size under
 * {@code target/generated-remotes/} and reused.
 */
record PublishedSite(Path site, RemoteAccess key) {

    static PublishedSite ensure(int packages) throws Exception {
        Path base = Path.of(System.getProperty("gtach.benchmark.data", "target/generated-remotes"))
                .toAbsolutePath().resolve(Integer.toString(packages));
        Path site = base.resolve("site");
        Path done = base.resolve("complete");
        if (!Files.exists(done)) {
            deleteTree(base);
            Path staging = Files.createDirectories(base.resolve("staging"));
            for (int i = 0; i < packages; i++) {
                Manifest manifest = GeneratedBundles.manifest(i, packages, GeneratedBundles.Imports.LAYERED);
                Files.write(staging.resolve(GeneratedBundles.symbolicName(i) + "-" + GeneratedBundles.version(i) + ".jar"),
                        GeneratedBundles.jar(manifest));
            }
            long start = System.nanoTime();
            RemoteAccess.keyIn(base.resolve("key.json")).publish(staging, site);
            System.out.printf("published %d packages in %d s%n", packages, (System.nanoTime() - start) / 1_000_000_000L);
            deleteTree(staging);
            Files.writeString(done, "ok\n");
        }
        return new PublishedSite(site, RemoteAccess.keyIn(base.resolve("key.json")));
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
