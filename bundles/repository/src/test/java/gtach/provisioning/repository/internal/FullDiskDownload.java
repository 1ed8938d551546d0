package gtach.provisioning.repository.internal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a child JVM started under a file-size limit: adds {@code args[1]} to the repository at
 * {@code args[0]} and prints the outcome, or the one sentence of the refusal, on standard output.
 */
public final class FullDiskDownload {

    private FullDiskDownload() {
    }

    public static void main(String[] args) throws Exception {
        RepositoryStore store = RepositoryStore.open(Path.of(args[0]), Path.of(args[0]).resolve("m2"),
                new DownloadTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60)), DownloadRetries.NONE,
                SilentLogger.INSTANCE);
        try {
            System.out.println("ADDED " + store.add(args[1]));
        } catch (Exception e) {
            System.out.println("REFUSED " + e.getMessage());
        }
    }
}
