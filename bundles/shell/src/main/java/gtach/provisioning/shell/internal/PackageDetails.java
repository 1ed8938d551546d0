package gtach.provisioning.shell.internal;

import gtach.provisioning.repository.ExportedPackage;
import gtach.provisioning.repository.ImportedPackage;
import gtach.provisioning.repository.PackageInfo;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;

/** The {@code info} page: metadata, then exports and imports with who else in the repository has them. */
final class PackageDetails {

    private static final String NL = System.lineSeparator();

    private PackageDetails() {
    }

    static String of(PackageInfo info, PackageNeighbours neighbours, boolean colour) {
        StringBuilder out = new StringBuilder();
        out.append(info.id().symbolicName()).append(' ').append(info.id().version());
        String semantic = PackageTable.version(info);
        if (!semantic.equals(info.id().version().toString())) {
            out.append(" (SemVer ").append(semantic).append(')');
        }
        out.append(NL);
        if (!info.name().isEmpty()) {
            out.append("  name         ").append(info.name()).append(NL);
        }
        if (!info.description().isEmpty()) {
            out.append("  description  ").append(info.description()).append(NL);
        }
        out.append("  sha256       ").append(info.sha256()).append(NL);
        out.append("  size         ").append(Sizes.human(info.size())).append(NL);
        out.append("  source       ").append(info.source()).append(NL);
        out.append("  added        ").append(info.added().truncatedTo(ChronoUnit.SECONDS)).append(NL);
        if (!info.exports().isEmpty()) {
            Table exports = new Table("EXPORTS", "VERSION", "ALSO EXPORTED BY", "IMPORTED BY");
            for (ExportedPackage export : info.exports()) {
                exports.row(export.name(), export.version(), ids(neighbours.alsoExporting(export)),
                        ids(neighbours.importing(export)));
            }
            out.append(exports.render(colour));
        }
        if (!info.imports().isEmpty()) {
            Table imports = new Table("IMPORTS", "RANGE", "EXPORTED BY");
            for (ImportedPackage imported : info.imports()) {
                imports.row(imported.name() + (imported.optional() ? " (optional)" : ""), range(imported.range()),
                        providers(imported, neighbours.providing(imported)));
            }
            out.append(imports.render(colour));
        }
        return out.toString();
    }

    /** OSGi writes "any version" as 0.0.0, which reads like a version that does not exist. */
    static String range(VersionRange range) {
        return range.getRight() == null && range.getLeft().equals(Version.emptyVersion) ? "any" : range.toString();
    }

    private static Object providers(ImportedPackage imported, List<PackageInfo> providers) {
        if (!providers.isEmpty()) {
            return ids(providers);
        }
        // java.* comes from the JVM, never from a bundle: not finding it in the repository is normal
        return imported.name().startsWith("java.") ? "the Java runtime" : Style.YELLOW.on("nothing in the repository");
    }

    private static String ids(List<PackageInfo> packages) {
        return packages.isEmpty() ? "-" : packages.stream()
                .map(p -> p.id().symbolicName() + " " + PackageTable.version(p)).collect(Collectors.joining(", "));
    }
}
