package gtach.provisioning.repository;

import gtach.provisioning.version.SemanticVersion;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the repository knows about one stored package, from its {@code package.json}. Immutable.
 * The full capabilities and requirements are available as an OSGi resource through
 * {@link PackageRepository#resource(PackageId)}.
 *
 * @param id symbolic name and version
 * @param sha256 the SHA-256 of {@code bundle.jar}, lower-case hex
 * @param size the size of {@code bundle.jar} in bytes
 * @param name the {@code Bundle-Name}, empty when the manifest has none
 * @param description the {@code Bundle-Description}, empty when the manifest has none
 * @param exports the exported packages, in manifest order
 * @param imports the imported packages, in manifest order
 * @param source where it was added from: a file URI, an http(s) URL or an {@code mvn:} coordinate
 * @param added when it was added
 */
public record PackageInfo(PackageId id, String sha256, long size, String name, String description,
        List<ExportedPackage> exports, List<ImportedPackage> imports, String source, Instant added) {

    public PackageInfo {
        exports = List.copyOf(exports);
        imports = List.copyOf(imports);
    }

    /** The version as a semantic version, or empty when its OSGi qualifier has no SemVer reading. */
    public Optional<SemanticVersion> semanticVersion() {
        return SemanticVersion.tryFromOsgiVersion(id.version());
    }
}
