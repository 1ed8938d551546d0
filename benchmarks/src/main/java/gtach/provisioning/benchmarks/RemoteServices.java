package gtach.provisioning.benchmarks;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * The remote repositories service of an embedded runtime, called as a bundle would call it:
 * {@code add(name, url, keyFile, false)}, {@code fetch(name)}, {@code candidates()}. As in
 * {@link ProvisioningServices}, its API types are those of the running repository bundle.
 */
final class RemoteServices implements AutoCloseable {

    private final ServiceTracker<Object, Object> tracker;
    private final Object remotes;
    private final Method add;
    private final Method fetch;
    private final Method packages;
    private final Method candidates;

    private RemoteServices(ServiceTracker<Object, Object> tracker) throws ReflectiveOperationException {
        this.tracker = tracker;
        this.remotes = tracker.getService();
        Class<?> type = tracker.getServiceReference().getBundle()
                .loadClass("gtach.provisioning.repository.remote.RemoteRepositories");
        this.add = type.getMethod("add", String.class, String.class, Path.class, boolean.class);
        this.fetch = type.getMethod("fetch", String.class);
        this.packages = tracker.getServiceReference().getBundle()
                .loadClass("gtach.provisioning.repository.remote.FetchResult").getMethod("packages");
        this.candidates = type.getMethod("candidates");
    }

    /** Waits for the service to be registered. */
    static RemoteServices await(BundleContext context) throws Exception {
        return new RemoteServices(ProvisioningServices.track(context, "gtach.provisioning.repository.remote.RemoteRepositories"));
    }

    /** {@code add(name, url, keyFile, false)}: a published remote, pinned to the key in {@code keyFile}. */
    void add(String name, String url, Path keyFile) {
        ProvisioningServices.call(add, remotes, name, url, keyFile, false);
    }

    /** {@code fetch(name)}; returns how many packages the fetched index has. */
    int fetch(String name) {
        return (Integer) ProvisioningServices.call(packages, ProvisioningServices.call(fetch, remotes, name));
    }

    /** {@code candidates()}: the fetched remotes' packages as an OSGi repository. */
    Object candidates() {
        return ProvisioningServices.call(candidates, remotes);
    }

    @Override
    public void close() {
        tracker.close();
    }
}
