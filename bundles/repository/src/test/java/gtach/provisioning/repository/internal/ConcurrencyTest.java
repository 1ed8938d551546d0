package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.AddOutcome.Status;
import gtach.provisioning.repository.PackageInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Several threads, through one store or several on the same directory, write at once. */
class ConcurrencyTest {

    private static final int THREADS = 8;
    private static final int PER_THREAD = 5;

    @TempDir
    Path temp;

    @Test
    void threadsAddingDifferentPackagesAllSucceed() throws Exception {
        // Given: half the threads share one store, the others each open their own
        Path root = temp.resolve("repository");
        RepositoryStore shared = RepositoryStore.open(root);
        List<Path> jars = new ArrayList<>();
        for (int i = 0; i < THREADS * PER_THREAD; i++) {
            jars.add(TestBundle.named("pkg" + i, "1.0." + i).exports("gtach.p" + i + ";version=1")
                    .writeTo(temp.resolve("jars/p" + i + ".jar")));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<AddOutcome>>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Callable<List<AddOutcome>> task = () -> {
                RepositoryStore store = thread % 2 == 0 ? shared : RepositoryStore.open(root);
                start.await();
                List<AddOutcome> outcomes = new ArrayList<>();
                for (int k = 0; k < PER_THREAD; k++) {
                    outcomes.addAll(store.add(jars.get(thread * PER_THREAD + k).toString()));
                    // readers run between the writes
                    store.search("pkg", Optional.empty());
                }
                return outcomes;
            };
            results.add(pool.submit(task));
        }

        // When
        start.countDown();
        List<AddOutcome> outcomes = new ArrayList<>();
        for (Future<List<AddOutcome>> result : results) {
            outcomes.addAll(result.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        // Then
        assertThat(outcomes).hasSize(THREADS * PER_THREAD).allSatisfy(outcome ->
                assertThat(outcome.status()).isEqualTo(Status.ADDED));
        List<PackageInfo> listed = shared.list("*");
        assertThat(listed).hasSize(THREADS * PER_THREAD);
        assertThat(RepositoryStore.open(root).list("*")).isEqualTo(listed);
        assertThat(IndexFormat.read(root.resolve("index.json")).size()).isEqualTo(THREADS * PER_THREAD);
        assertThat(root.resolve("generation")).hasContent(String.valueOf(THREADS * PER_THREAD));
        assertThat(shared.exporters("gtach.p17")).extracting(info -> info.id().symbolicName()).containsExactly("pkg17");
        assertThat(shared.verify().quarantined()).isEmpty();
    }

    @Test
    void threadsAddingTheSamePackageStoreItOnce() throws Exception {
        // Given
        Path root = temp.resolve("repository");
        Path jar = TestBundle.named("same", "1.0.0").writeTo(temp.resolve("same.jar"));
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<AddOutcome>>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            results.add(pool.submit(() -> {
                RepositoryStore store = RepositoryStore.open(root);
                start.await();
                return store.add(jar.toString());
            }));
        }

        // When
        start.countDown();
        List<Status> statuses = new ArrayList<>();
        for (Future<List<AddOutcome>> result : results) {
            result.get(60, TimeUnit.SECONDS).forEach(outcome -> statuses.add(outcome.status()));
        }
        pool.shutdown();

        // Then
        assertThat(statuses).containsOnlyOnce(Status.ADDED).hasSize(THREADS);
        assertThat(statuses).filteredOn(status -> status == Status.ALREADY_PRESENT).hasSize(THREADS - 1);
        assertThat(RepositoryStore.open(root).versions("same")).hasSize(1);
    }
}
