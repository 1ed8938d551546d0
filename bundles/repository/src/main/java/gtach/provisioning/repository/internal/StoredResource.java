package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.PackageId;
import org.osgi.resource.Capability;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.service.repository.ContentNamespace;
import org.osgi.service.repository.RepositoryContent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stored package as an OSGi resource: the capabilities and requirements of its manifest plus
 * an {@code osgi.content} capability for its {@code bundle.jar}.
 * <p>
 * The capabilities and requirements are read from {@code package.json} on first use, so that a
 * lookup answered from the index costs no file access for the resources it returns. Two instances
 * for the same stored package (name, version and content) are equal, so a resolver that is handed
 * the package twice, from a rebuilt cache say, sees one resource.
 */
final class StoredResource implements Resource, RepositoryContent {

    static final String BUNDLE_MIME_TYPE = "application/vnd.osgi.bundle";

    private final PackageId id;
    private final String sha256;
    private final long size;
    private final Path bundleFile;
    private final Path metadataFile;
    private volatile Contents contents;

    /** What {@code package.json} adds to the index: every capability and requirement, by namespace too. */
    private record Contents(List<Capability> capabilities, List<Requirement> requirements,
            Map<String, List<Capability>> capabilitiesByNamespace, Map<String, List<Requirement>> requirementsByNamespace) {
    }

    private StoredResource(IndexEntry entry, StoreLayout layout) {
        this.id = entry.id();
        this.sha256 = entry.info().sha256();
        this.size = entry.info().size();
        this.bundleFile = layout.bundleFile(id);
        this.metadataFile = layout.metadataFile(id);
    }

    /** The resource of an indexed package; nothing is read until its capabilities or requirements are. */
    static StoredResource of(IndexEntry entry, StoreLayout layout) {
        return new StoredResource(entry, layout);
    }

    /** The attributes of the {@code osgi.content} capability of a stored bundle. */
    static Map<String, Object> contentAttributes(String sha256, long size, Path bundleFile) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(ContentNamespace.CONTENT_NAMESPACE, sha256);
        attributes.put(ContentNamespace.CAPABILITY_URL_ATTRIBUTE, bundleFile.toUri().toString());
        attributes.put(ContentNamespace.CAPABILITY_SIZE_ATTRIBUTE, size);
        attributes.put(ContentNamespace.CAPABILITY_MIME_ATTRIBUTE, BUNDLE_MIME_TYPE);
        return attributes;
    }

    PackageId id() {
        return id;
    }

    String sha256() {
        return sha256;
    }

    /**
     * The capability at a position of {@link #getCapabilities getCapabilities(null)}, without
     * reading {@code package.json} when it was not read yet: its attributes and directives are then
     * read when first asked for.
     */
    Capability capability(int position, String namespace) {
        Contents loaded = contents;
        if (loaded != null) {
            return loaded.capabilities().get(position);
        }
        return new StoredCapability(this, position, namespace);
    }

    /**
     * Reads {@code package.json} if it was not read yet.
     *
     * @throws IllegalStateException when it is missing, unreadable or no longer describes this package
     */
    void load() {
        contents();
    }

    @Override
    public List<Capability> getCapabilities(String namespace) {
        Contents loaded = contents();
        return namespace == null ? loaded.capabilities() : loaded.capabilitiesByNamespace().getOrDefault(namespace, List.of());
    }

    @Override
    public List<Requirement> getRequirements(String namespace) {
        Contents loaded = contents();
        return namespace == null ? loaded.requirements() : loaded.requirementsByNamespace().getOrDefault(namespace, List.of());
    }

    /** The bytes of {@code bundle.jar}. */
    @Override
    public InputStream getContent() {
        try {
            return Files.newInputStream(bundleFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read bundle.jar of " + id + ": " + e.getMessage() + ".", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other == this
                || other instanceof StoredResource resource && resource.id.equals(id) && resource.sha256.equals(sha256);
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + sha256.hashCode();
    }

    @Override
    public String toString() {
        return id.toString();
    }

    private Contents contents() {
        Contents loaded = contents;
        if (loaded == null) {
            synchronized (this) {
                loaded = contents;
                if (loaded == null) {
                    loaded = read();
                    contents = loaded;
                }
            }
        }
        return loaded;
    }

    private Contents read() {
        PackageRecord record;
        try {
            record = MetadataFormat.readPackage(metadataFile);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("Cannot read " + id + ": its package.json is missing (" + metadataFile
                    + "); run verify to report it.", e);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + id + ": its package.json is unreadable (" + e.getMessage()
                    + "); run verify to quarantine it.", e);
        }
        if (!record.info().id().equals(id) || !record.info().sha256().equals(sha256)) {
            throw new IllegalStateException("Cannot read " + id + ": its package.json describes " + record.info().id()
                    + " with sha256 " + record.info().sha256() + ", not what the index holds; run verify to quarantine it.");
        }
        List<Capability> capabilities = new ArrayList<>(record.capabilities().size() + 1);
        for (CapReqRecord capability : record.capabilities()) {
            capabilities.add(new StoredCapability(this, capabilities.size(), capability.namespace(),
                    capability.attributes(), capability.directives()));
        }
        capabilities.add(new StoredCapability(this, capabilities.size(), ContentNamespace.CONTENT_NAMESPACE,
                contentAttributes(sha256, size, bundleFile), Map.of()));
        List<Requirement> requirements = new ArrayList<>(record.requirements().size());
        for (CapReqRecord requirement : record.requirements()) {
            requirements.add(new StoredRequirement(this, requirements.size(), requirement.namespace(),
                    requirement.attributes(), requirement.directives()));
        }
        Map<String, List<Capability>> capabilitiesByNamespace = new HashMap<>();
        for (Capability capability : capabilities) {
            capabilitiesByNamespace.computeIfAbsent(capability.getNamespace(), namespace -> new ArrayList<>(1)).add(capability);
        }
        Map<String, List<Requirement>> requirementsByNamespace = new HashMap<>();
        for (Requirement requirement : requirements) {
            requirementsByNamespace.computeIfAbsent(requirement.getNamespace(), namespace -> new ArrayList<>(1)).add(requirement);
        }
        capabilitiesByNamespace.replaceAll((namespace, list) -> Collections.unmodifiableList(list));
        requirementsByNamespace.replaceAll((namespace, list) -> Collections.unmodifiableList(list));
        return new Contents(Collections.unmodifiableList(capabilities), Collections.unmodifiableList(requirements),
                capabilitiesByNamespace, requirementsByNamespace);
    }
}
