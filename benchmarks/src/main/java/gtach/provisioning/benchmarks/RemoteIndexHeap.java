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
 * argument) served by nginx on loopback: GTach's verified release and parsed entries, then the
 * planning candidates built from them ({@code RemoteCandidates}, once the entries are dropped),
 * against OBR's repository parsed from the same URL (what its resolver reads), each the difference
 * of used heap after full collections (as {@link RepositoryHeap}), in this one JVM.
 */
public final class RemoteIndexHeap {

    private RemoteIndexHeap() {
    }

    public static void main(String[] args) throws Exception {
        int packages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        PublishedSite published = PublishedSite.ensure(packages);
        Path repository = Files.createTempDirectory("gtach-remote-heap");
        try (NginxServer nginx = NginxServer.serving(published.site()).start()) {
            URI base = URI.create(nginx.url("/"));
            long before = RepositoryHeap.usedAfterGc();
            Object fetched = published.key().fetch(base, repository);
            long gtach = RepositoryHeap.usedAfterGc() - before;
            int entries = RemoteAccess.entries(fetched);
            // the planning candidates alone, once the entries they were built from are gone
            org.osgi.service.repository.Repository candidates = RemoteAccess.candidates(fetched, base);
            fetched = null;
            long candidatesHeap = RepositoryHeap.usedAfterGc() - before;
            int candidateCount = RemoteAccess.size(candidates);
            candidates = null;
            before = RepositoryHeap.usedAfterGc();
            Repository obr = new DataModelHelperImpl().repository(new URL(nginx.url("/index.xml.gz")));
            long obrHeap = RepositoryHeap.usedAfterGc() - before;
            System.out.printf("heap retained by the fetched index of %d packages: gtach %.1f MB, OBR %.1f MB (%d resources), ratio %.2f%n",
                    entries, gtach / 1048576.0, obrHeap / 1048576.0, obr.getResources().length, (double) gtach / obrHeap);
            System.out.printf("heap retained by the planning candidates of %d packages: gtach %.1f MB, OBR's repository %.1f MB, ratio %.2f%n",
                    candidateCount, candidatesHeap / 1048576.0, obrHeap / 1048576.0, (double) candidatesHeap / obrHeap);
        } finally {
            PublishedSite.deleteTree(repository);
        }
    }
}
