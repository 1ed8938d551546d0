package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.PackageId;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resources of recently used packages. Bounded, least recently used first out, which bounds
 * the memory of the capabilities they read. An entry is only reused for the same content, so a
 * package removed and added again with other content gets a new resource.
 */
final class ResourceCache {

    private final StoreLayout layout;
    private final Map<PackageId, StoredResource> resources;

    ResourceCache(StoreLayout layout, int capacity) {
        this.layout = layout;
        this.resources = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<PackageId, StoredResource> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The resource of an indexed package; reading its {@code package.json} is left to first use. */
    StoredResource get(IndexEntry entry) {
        synchronized (resources) {
            StoredResource cached = resources.get(entry.id());
            if (cached == null || !cached.sha256().equals(entry.info().sha256())) {
                cached = StoredResource.of(entry, layout);
                resources.put(entry.id(), cached);
            }
            return cached;
        }
    }
}
