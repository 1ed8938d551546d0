package gtach.provisioning.benchmarks;

import gtach.provisioning.repository.internal.RemoteAccess;
import gtach.provisioning.testing.NginxServer;
import org.apache.felix.bundlerepository.Repository;
import org.apache.felix.bundlerepository.impl.DataModelHelperImpl;

import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Heap retained by a fetched remote index of 10,000 packages (or the size given as the first
 * argument) served by nginx on loopback: GTach's verified release and parsed entries against
 * OBR's repository parsed from the same URL, each the difference of used heap after full
 * collections (as {@link RepositoryHeap}), in this one JVM.
 */
public final class RemoteIndexHeap {

    private RemoteIndexHeap() {
    }

    public static void main(String[] args) throws Exception {
        int packages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        PublishedSite published = PublishedSite.ensure(packages);
        Path repository = Files.createTempDirectory("gtach-remote-heap");
        try (NginxServer nginx = NginxServer.serving(published.site()).start()) {
            long before = RepositoryHeap.usedAfterGc();
            Object fetched = published.key().fetch(URI.create(nginx.url("/")), repository);
            long gtach = RepositoryHeap.usedAfterGc() - before;
            int entries = RemoteAccess.entries(fetched);
            fetched = null;
            before = RepositoryHeap.usedAfterGc();
            Repository obr = new DataModelHelperImpl().repository(new URL(nginx.url("/index.xml.gz")));
            long obrHeap = RepositoryHeap.usedAfterGc() - before;
            System.out.printf("heap retained by the fetched index of %d packages: gtach %.1f MB, OBR %.1f MB (%d resources), ratio %.2f%n",
                    entries, gtach / 1048576.0, obrHeap / 1048576.0, obr.getResources().length, (double) gtach / obrHeap);
        } finally {
            PublishedSite.deleteTree(repository);
        }
    }
}
