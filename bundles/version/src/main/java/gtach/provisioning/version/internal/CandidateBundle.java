package gtach.provisioning.version.internal;

import aQute.bnd.osgi.Domain;
import aQute.bnd.osgi.resource.ResourceBuilder;
import org.osgi.framework.Version;
import org.osgi.resource.Capability;
import org.osgi.resource.Resource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipException;

/** A bundle that is not installed, known by its manifest: name, version and the capabilities it declares. */
final class CandidateBundle {

    private final String symbolicName;
    private final Version version;
    private final Resource resource;

    private CandidateBundle(String symbolicName, Version version, Resource resource) {
        this.symbolicName = symbolicName;
        this.version = version;
        this.resource = resource;
    }

    static CandidateBundle read(Path jar) throws IOException {
        if (!Files.exists(jar)) {
            throw new IllegalArgumentException("Cannot check " + jar + ": no such file.");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("Cannot check " + jar + ": it is not a file.");
        }
        try (InputStream file = Files.newInputStream(jar); JarInputStream in = new JarInputStream(file)) {
            Manifest manifest = in.getManifest();
            if (manifest == null) {
                throw new IllegalArgumentException("Cannot check " + jar + ": it is not a JAR with a manifest.");
            }
            return of(manifest, jar.toString());
        } catch (ZipException e) {
            throw new IllegalArgumentException("Cannot check " + jar + ": it is not a valid JAR (" + e.getMessage() + ").");
        }
    }

    static CandidateBundle of(Manifest manifest, String origin) {
        String bsn = manifest.getMainAttributes().getValue("Bundle-SymbolicName");
        if (bsn == null || bsn.isBlank()) {
            throw new IllegalArgumentException("Cannot check " + origin + ": its manifest has no Bundle-SymbolicName, so it is not an OSGi bundle.");
        }
        String versionText = manifest.getMainAttributes().getValue("Bundle-Version");
        Version version;
        try {
            version = versionText == null ? Version.emptyVersion : Version.parseVersion(versionText.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot check " + origin + ": its Bundle-Version \"" + versionText + "\" is invalid (" + e.getMessage() + ").");
        }
        ResourceBuilder builder = new ResourceBuilder();
        try {
            builder.addManifest(Domain.domain(manifest));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Cannot check " + origin + ": its manifest cannot be read as OSGi headers (" + e.getMessage() + ").");
        }
        int semicolon = bsn.indexOf(';');
        String name = (semicolon < 0 ? bsn : bsn.substring(0, semicolon)).trim();
        return new CandidateBundle(name, version, builder.build());
    }

    String symbolicName() {
        return symbolicName;
    }

    Version version() {
        return version;
    }

    List<Capability> capabilities(String namespace) {
        return resource.getCapabilities(namespace);
    }
}
