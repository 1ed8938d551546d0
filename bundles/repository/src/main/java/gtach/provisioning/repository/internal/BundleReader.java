package gtach.provisioning.repository.internal;

import aQute.bnd.header.Attrs;
import aQute.bnd.header.Parameters;
import aQute.bnd.osgi.Domain;
import aQute.bnd.osgi.resource.ResourceBuilder;
import gtach.provisioning.repository.ExportedPackage;
import gtach.provisioning.repository.ImportedPackage;
import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.resource.Capability;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a bundle JAR into what {@code package.json} stores, refusing anything the repository
 * should not keep: not a JAR, a damaged JAR, no manifest or one over {@value #MAX_MANIFEST_BYTES}
 * bytes, no {@code Bundle-SymbolicName}, an invalid {@code Bundle-Version}, a name unsafe as a
 * directory name, or headers whose versions, ranges or filters do not parse.
 */
final class BundleReader {

    static final int MAX_MANIFEST_BYTES = 1 << 20;

    private static final String MANIFEST = "META-INF/MANIFEST.MF";

    private BundleReader() {
    }

    /**
     * Reads a JAR.
     *
     * @param jar the JAR, already copied into staging so that what is read is what will be stored
     * @param content its hash and size
     * @param source where it came from, recorded as is
     * @param added when it is being added
     * @throws Refusal when it must not be stored, with the reason
     * @throws IOException when it cannot be read at all
     */
    static PackageRecord read(Path jar, DurableFiles.Content content, String source, Instant added)
            throws Refusal, IOException {
        Manifest manifest = manifest(jar);
        Domain headers = Domain.domain(manifest);
        PackageId id = identity(headers, manifest);
        Resource resource = resource(headers);
        List<CapReqRecord> capabilities = new ArrayList<>();
        List<ExportedPackage> exports = new ArrayList<>();
        for (Capability capability : resource.getCapabilities(null)) {
            capabilities.add(record(capability.getNamespace(), capability.getAttributes(), capability.getDirectives()));
            if (capability.getNamespace().equals(PackageNamespace.PACKAGE_NAMESPACE)) {
                exports.add(export(capability));
            }
        }
        List<CapReqRecord> requirements = new ArrayList<>();
        for (Requirement requirement : resource.getRequirements(null)) {
            checkFilter(requirement);
            requirements.add(record(requirement.getNamespace(), requirement.getAttributes(), requirement.getDirectives()));
        }
        PackageInfo info = new PackageInfo(id, content.sha256(), content.size(),
                header(manifest, "Bundle-Name"), header(manifest, "Bundle-Description"),
                exports, imports(headers), source, added);
        return new PackageRecord(info, capabilities, requirements);
    }

    /**
     * The symbolic name and version a JAR's manifest declares, for checking a stored JAR against
     * its metadata.
     *
     * @throws Refusal when it is no readable bundle, with the reason
     */
    static PackageId identity(Path jar) throws Refusal, IOException {
        Manifest manifest = manifest(jar);
        return identity(Domain.domain(manifest), manifest);
    }

    private static Manifest manifest(Path jar) throws Refusal, IOException {
        if (!startsWithZipHeader(jar)) {
            throw new Refusal("it is not a JAR (it does not start with a ZIP header)");
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = manifestEntry(zip);
            if (entry == null) {
                throw new Refusal("it has no " + MANIFEST + ", so it is not an OSGi bundle");
            }
            if (entry.getSize() > MAX_MANIFEST_BYTES) {
                throw new Refusal("its manifest is larger than 1 MiB");
            }
            byte[] bytes;
            try (InputStream in = zip.getInputStream(entry)) {
                // the size in the directory may lie: never read more than the limit
                bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
            }
            if (bytes.length > MAX_MANIFEST_BYTES) {
                throw new Refusal("its manifest is larger than 1 MiB");
            }
            try {
                return new Manifest(new ByteArrayInputStream(bytes));
            } catch (IOException | RuntimeException e) {
                throw new Refusal("its manifest cannot be parsed (" + e.getMessage() + ")", e);
            }
        } catch (ZipException e) {
            throw new Refusal("it is a damaged or truncated JAR (" + e.getMessage() + ")", e);
        }
    }

    private static boolean startsWithZipHeader(Path jar) throws IOException {
        try (InputStream in = Files.newInputStream(jar)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        }
    }

    private static ZipEntry manifestEntry(ZipFile zip) {
        ZipEntry entry = zip.getEntry(MANIFEST);
        if (entry != null) {
            return entry;
        }
        // java.util.jar accepts any case of the manifest's name
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry candidate = entries.nextElement();
            if (candidate.getName().equalsIgnoreCase(MANIFEST)) {
                return candidate;
            }
        }
        return null;
    }

    private static PackageId identity(Domain headers, Manifest manifest) throws Refusal {
        Map.Entry<String, Attrs> bsn = headers.getBundleSymbolicName();
        if (bsn == null || bsn.getKey().isBlank()) {
            throw new Refusal("its manifest has no Bundle-SymbolicName, so it is not an OSGi bundle");
        }
        String symbolicName = bsn.getKey().trim();
        String problem = SafeNames.symbolicNameProblem(symbolicName).orElse(null);
        if (problem != null) {
            throw new Refusal("its Bundle-SymbolicName \"" + printable(symbolicName)
                    + "\" is not safe as a directory name (" + problem + ")");
        }
        String versionText = manifest.getMainAttributes().getValue("Bundle-Version");
        Version version;
        try {
            version = versionText == null ? Version.emptyVersion : Version.parseVersion(versionText.trim());
        } catch (IllegalArgumentException e) {
            throw new Refusal("its Bundle-Version \"" + printable(versionText) + "\" is invalid (" + e.getMessage() + ")", e);
        }
        problem = SafeNames.versionProblem(version.toString()).orElse(null);
        if (problem != null) {
            throw new Refusal("its Bundle-Version \"" + printable(versionText) + "\" is not safe as a directory name ("
                    + problem + ")");
        }
        return new PackageId(symbolicName, version);
    }

    private static Resource resource(Domain headers) throws Refusal {
        ResourceBuilder builder = new ResourceBuilder();
        try {
            builder.addManifest(headers);
            return builder.build();
        } catch (RuntimeException e) {
            throw new Refusal("its manifest cannot be read as OSGi headers (" + e.getMessage() + ")", e);
        }
    }

    private static CapReqRecord record(String namespace, Map<String, Object> attributes, Map<String, String> directives)
            throws Refusal {
        try {
            // converting now proves the attributes can be stored and read back
            TypedAttributes.toStored(attributes);
            return new CapReqRecord(namespace, attributes, directives);
        } catch (IllegalArgumentException e) {
            throw new Refusal("its " + namespace + " " + e.getMessage(), e);
        }
    }

    private static ExportedPackage export(Capability capability) throws Refusal {
        Object name = capability.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
        Object version = capability.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE);
        if (!(version instanceof Version)) {
            throw new Refusal("its Export-Package gives " + name + " the invalid version \"" + version + "\"");
        }
        return new ExportedPackage(String.valueOf(name), (Version) version);
    }

    private static void checkFilter(Requirement requirement) throws Refusal {
        String filter = requirement.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
        if (filter == null) {
            return;
        }
        try {
            FrameworkUtil.createFilter(filter);
        } catch (InvalidSyntaxException e) {
            throw new Refusal("its " + requirement.getNamespace() + " requirement has the invalid filter \"" + filter + "\"", e);
        }
    }

    private static List<ImportedPackage> imports(Domain headers) throws Refusal {
        Parameters parameters = headers.getImportPackage();
        List<ImportedPackage> imports = new ArrayList<>();
        for (Map.Entry<String, Attrs> entry : parameters.entrySet()) {
            String name = withoutDuplicateMarker(entry.getKey());
            String rangeText = entry.getValue().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE);
            VersionRange range;
            try {
                range = rangeText == null ? new VersionRange("0.0.0") : new VersionRange(rangeText.trim());
            } catch (IllegalArgumentException e) {
                throw new Refusal("its Import-Package gives " + name + " the invalid version range \"" + rangeText + "\"", e);
            }
            boolean optional = PackageNamespace.RESOLUTION_OPTIONAL.equals(
                    entry.getValue().get(PackageNamespace.REQUIREMENT_RESOLUTION_DIRECTIVE + ":"));
            imports.add(new ImportedPackage(name, range, optional));
        }
        return imports;
    }

    /** bnd marks a repeated header key with trailing {@code ~}. */
    private static String withoutDuplicateMarker(String key) {
        int end = key.length();
        while (end > 0 && key.charAt(end - 1) == '~') {
            end--;
        }
        return key.substring(0, end);
    }

    private static String header(Manifest manifest, String name) {
        String value = manifest.getMainAttributes().getValue(name);
        return value == null ? "" : value.trim();
    }

    /** Text safe to quote in a message: control characters shown as code points. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
