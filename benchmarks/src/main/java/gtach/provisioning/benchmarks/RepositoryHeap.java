package gtach.provisioning.benchmarks;

import gtach.provisioning.repository.internal.RepositoryStore;
import org.apache.felix.bundlerepository.Repository;
import org.apache.felix.bundlerepository.impl.DataModelHelperImpl;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap retained by a loaded repository of 100,000 packages (or the size given as the first
 * argument): the GTach store after a cold open against OBR after parsing its XML, each measured as
 * the difference of used heap after full collections, in this one JVM.
 */
public final class RepositoryHeap {

    private RepositoryHeap() {
    }

    public static void main(String[] args) throws Exception {
        int packages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        GeneratedRepositories data = GeneratedRepositories.ensure(packages);
        long before = usedAfterGc();
        RepositoryStore store = RepositoryStore.open(data.gtach());
        long gtach = usedAfterGc() - before;
        int listed = store.list("*").size();
        store = null;
        before = usedAfterGc();
        Repository obr = new DataModelHelperImpl().repository(data.obrXml().toUri().toURL());
        long obrHeap = usedAfterGc() - before;
        System.out.printf("heap retained by the loaded index of %d packages: gtach %d MB, OBR %d MB (%d resources)%n",
                listed, gtach >> 20, obrHeap >> 20, obr.getResources().length);
    }

    static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
