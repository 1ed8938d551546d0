package gtach.provisioning.repository.internal;

import org.osgi.framework.Version;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Run in a child JVM started under a file-size limit: downloads {@code args[1]} (a remote's base
 * URL), entry {@code args[2]} with SHA-256 {@code args[3]} and size {@code args[4]}, into
 * {@code args[0]} as remote {@code main} would, and prints the outcome, or the one sentence of the
 * refusal, on standard output.
 */
public final class FullDiskRemoteDownload {

    private FullDiskRemoteDownload() {
    }

    public static void main(String[] args) throws Exception {
        RemoteFetch.retries = DownloadRetries.NONE;
        RemoteIndexEntry entry = new RemoteIndexEntry("large", new Version("1.0.0"), "osgi.bundle", args[3],
                Long.parseLong(args[4]), args[2], List.of(), List.of());
        try {
            RemoteFetch.download("main", URI.create(args[1]), entry, Path.of(args[0]), Duration.ofSeconds(10));
            System.out.println("DOWNLOADED");
        } catch (Exception e) {
            System.out.println("REFUSED " + e.getMessage());
        }
    }
}
