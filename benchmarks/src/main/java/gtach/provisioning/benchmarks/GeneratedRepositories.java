package gtach.provisioning.benchmarks;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.internal.RepositoryStore;
import org.apache.felix.bundlerepository.Resource;
import org.apache.felix.bundlerepository.impl.DataModelHelperImpl;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The same generated packages twice: a GTach repository (added through the store, as an operator's
 * {@code gtach:add <directory>} would) and an OBR repository XML. Made once per size under
 * {@code target/generated-repositories/} and reused.
 */
record GeneratedRepositories(Path gtach, Path obrXml) {

    private static final int CHUNK = 5_000;

    static GeneratedRepositories ensure(int packages) throws Exception {
        Path base = Path.of(System.getProperty("gtach.benchmark.data", "target/generated-repositories"))
                .toAbsolutePath().resolve(Integer.toString(packages));
        GeneratedRepositories data = new GeneratedRepositories(base.resolve("gtach"), base.resolve("obr.xml"));
        Path done = base.resolve("complete");
        if (Files.exists(done)) {
            return data;
        }
        deleteTree(base);
        Files.createDirectories(base);
        RepositoryStore store = RepositoryStore.open(data.gtach());
        DataModelHelperImpl obr = new DataModelHelperImpl();
        List<Resource> resources = new ArrayList<>(packages);
        Path staging = base.resolve("staging");
        for (int from = 0; from < packages; from += CHUNK) {
            Files.createDirectories(staging);
            for (int i = from; i < Math.min(packages, from + CHUNK); i++) {
                Manifest manifest = GeneratedBundles.manifest(i, packages);
                Path jar = staging.resolve(GeneratedBundles.symbolicName(i) + "-" + GeneratedBundles.version(i) + ".jar");
                Files.write(jar, GeneratedBundles.jar(manifest));
                Resource resource = obr.createResource(manifest.getMainAttributes());
                resources.add(resource);
            }
            for (AddOutcome outcome : store.add(staging.toString())) {
                if (outcome.status() == AddOutcome.Status.REFUSED) {
                    throw new IllegalStateException(outcome.message());
                }
            }
            deleteTree(staging);
            System.out.printf("generated %d of %d packages%n", Math.min(packages, from + CHUNK), packages);
        }
        try (Writer xml = Files.newBufferedWriter(data.obrXml(), StandardCharsets.UTF_8)) {
            obr.writeRepository(obr.repository(resources.toArray(new Resource[0])), xml);
        }
        Files.writeString(done, "ok\n");
        return data;
    }

    private static void deleteTree(Path dir) throws IOException {
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
