package gtach.provisioning.repository.internal;

import aQute.bnd.osgi.repository.XMLResourceGenerator;
import aQute.bnd.osgi.resource.CapReqBuilder;
import aQute.bnd.osgi.resource.ResourceBuilder;
import org.osgi.resource.Resource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an OSGi R5 repository index, gzip-compressed, with bnd's own generator: the format bnd's
 * indexer writes and Felix, bnd and Karaf read. Every capability and requirement of every entry is
 * written with its attribute types.
 */
final class RemoteIndexWriter {

    private RemoteIndexWriter() {
    }

    /**
     * The bytes of {@code index.xml.gz}.
     *
     * @param name the repository's name
     * @param increment the index's increment, the release counter
     */
    static byte[] write(String name, long increment, List<RemoteIndexEntry> entries) throws IOException {
        List<Resource> resources = new ArrayList<>(entries.size());
        for (RemoteIndexEntry entry : entries) {
            ResourceBuilder builder = new ResourceBuilder();
            for (CapReqRecord capability : entry.capabilities()) {
                builder.addCapability(capReq(capability));
            }
            for (CapReqRecord requirement : entry.requirements()) {
                builder.addRequirement(capReq(requirement));
            }
            resources.add(builder.build());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // name() sets the increment to the clock: the increment comes after it
        new XMLResourceGenerator().name(name).increment(increment).resources(resources).compress().indent(2).save(out);
        return out.toByteArray();
    }

    private static CapReqBuilder capReq(CapReqRecord record) {
        try {
            return new CapReqBuilder(record.namespace()).addAttributes(record.attributes()).addDirectives(record.directives());
        } catch (Exception e) {
            // addAttributes declares Exception; our attributes are already typed values
            throw new IllegalArgumentException("Cannot write the " + record.namespace() + " " + e.getMessage(), e);
        }
    }
}
