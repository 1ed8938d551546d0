package gtach.provisioning.repository.internal;

import org.osgi.framework.Version;

import java.util.List;

/**
 * One resource of an OSGi R5 repository index: its identity, where its content is (relative to
 * the index unless absolute), the content's SHA-256 and size, and every capability and requirement
 * with typed attributes, including {@code osgi.identity} and {@code osgi.content}.
 */
record RemoteIndexEntry(String symbolicName, Version version, String type, String sha256, long size, String url,
        List<CapReqRecord> capabilities, List<CapReqRecord> requirements) {

    RemoteIndexEntry {
        capabilities = List.copyOf(capabilities);
        requirements = List.copyOf(requirements);
    }
}
