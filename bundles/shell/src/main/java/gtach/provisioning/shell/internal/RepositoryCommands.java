package gtach.provisioning.shell.internal;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.ExportedPackage;
import gtach.provisioning.repository.ImportedPackage;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.VerifyReport;
import gtach.provisioning.version.SemanticRange;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code gtach:add|remove|list|search|info|verify|gc}: the package repository at the console. */
@Component(service = RepositoryCommands.class, property = {
        "osgi.command.scope=gtach",
        "osgi.command.function=add",
        "osgi.command.function=remove",
        "osgi.command.function=list",
        "osgi.command.function=search",
        "osgi.command.function=info",
        "osgi.command.function=verify",
        "osgi.command.function=gc" })
public final class RepositoryCommands {

    private static final String NL = System.lineSeparator();

    private final PackageRepository repository;

    @Activate
    public RepositoryCommands(@Reference PackageRepository repository) {
        this.repository = repository;
    }

    @Descriptor("store packages: a bundle JAR, a directory of JARs, an http(s) URL or mvn:group/artifact/version")
    public String add(CommandSession session,
            @Descriptor("a file, directory, URL or mvn: coordinate") String source) throws RepositoryException {
        List<AddOutcome> outcomes = repository.add(resolve(session, source));
        String report = outcomes.stream().map(AddOutcome::message).collect(Collectors.joining(NL));
        if (outcomes.stream().anyMatch(o -> o.status() == AddOutcome.Status.REFUSED)) {
            // A refusal makes the command fail, so that scripts notice; every outcome is still shown.
            throw new IllegalArgumentException(report);
        }
        return report + NL;
    }

    @Descriptor("remove one stored version (refused while it is in use)")
    public String remove(@Descriptor("symbolic name") String name, @Descriptor("version") String version)
            throws RepositoryException {
        PackageInfo removed = repository.remove(name, version);
        return "Removed " + removed.id() + "." + NL;
    }

    @Descriptor("list stored packages")
    public String list(@Descriptor("symbolic name glob, * by default") String... glob) {
        return PackageTable.of(repository.list(glob.length == 0 ? "*" : String.join(" ", glob)));
    }

    @Descriptor("find packages by name, description or exported package, optionally within a version range")
    public String search(
            @Descriptor("only versions in this range, e.g. '[2,3)' or ^2.1") @Parameter(names = {"-r", "--range"}, absentValue = "") String range,
            @Descriptor("text to look for") String... text) {
        Optional<SemanticRange> within = range.isBlank() ? Optional.empty() : Optional.of(SemanticRange.parse(range));
        return PackageTable.of(repository.search(String.join(" ", text), within));
    }

    @Descriptor("show a stored package: metadata, exports, imports, and who in the repository provides or needs them")
    public String info(@Descriptor("symbolic name") String name, @Descriptor("version, the highest by default") String... version) {
        PackageInfo info = version.length == 0
                ? repository.versions(name).stream().reduce((a, b) -> b)
                        .orElseThrow(() -> new IllegalArgumentException("No package " + name + " in the repository."))
                : repository.get(name, version[0])
                        .orElseThrow(() -> new IllegalArgumentException("No package " + name + " " + version[0] + " in the repository."));
        return PackageDetails.of(info, repository);
    }

    @Descriptor("re-hash every stored package; corrupt ones are reported and quarantined, never deleted")
    public String verify() throws RepositoryException {
        VerifyReport report = repository.verify();
        if (report.quarantined().isEmpty()) {
            return "Checked " + report.checked() + " packages: all intact." + NL;
        }
        Table table = new Table("PACKAGE", "PROBLEM", "MOVED TO");
        report.quarantined().forEach(q -> table.row(q.id(), q.reason(), q.movedTo()));
        throw new IllegalStateException("Checked " + report.checked() + " packages: " + report.quarantined().size()
                + " corrupt, moved to quarantine." + NL + table);
    }

    @Descriptor("remove old versions, keeping the highest N of each package and everything in use")
    public String gc(@Descriptor("versions to keep per package") @Parameter(names = {"-k", "--keep"}, absentValue = "3") int keep)
            throws RepositoryException {
        List<PackageInfo> removed = repository.gc(keep);
        if (removed.isEmpty()) {
            return "Nothing to remove." + NL;
        }
        return "Removed " + removed.size() + (removed.size() == 1 ? " package:" : " packages:") + NL + PackageTable.of(removed);
    }

    private static final java.util.regex.Pattern SCHEME = java.util.regex.Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");

    /** Relative paths mean the operator's directory, which Gogo tracks per session; URLs and mvn: stay as given. */
    private static String resolve(CommandSession session, String source) {
        if (SCHEME.matcher(source).matches()) {
            return source;
        }
        Path dir = session == null ? null : session.currentDir();
        return dir == null ? source : dir.resolve(source).normalize().toString();
    }

    /** Tables of packages. */
    static final class PackageTable {

        private PackageTable() {
        }

        static String of(List<PackageInfo> packages) {
            if (packages.isEmpty()) {
                return "No packages." + NL;
            }
            Table table = new Table("NAME", "VERSION", "SIZE", "ADDED");
            for (PackageInfo info : packages) {
                table.row(info.id().symbolicName(), info.semanticVersion().map(Object::toString).orElse(info.id().version().toString()),
                        Sizes.human(info.size()), info.added().toString().substring(0, 10));
            }
            return table.toString();
        }
    }

    /** The {@code info} page. */
    static final class PackageDetails {

        private PackageDetails() {
        }

        static String of(PackageInfo info, PackageRepository repository) {
            StringBuilder out = new StringBuilder();
            out.append(info.id().symbolicName()).append(' ').append(info.id().version());
            info.semanticVersion().ifPresent(v -> out.append(" (SemVer ").append(v).append(')'));
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
            out.append("  added        ").append(info.added()).append(NL);
            if (!info.exports().isEmpty()) {
                Table exports = new Table("EXPORTS", "VERSION", "ALSO EXPORTED BY", "IMPORTED BY");
                for (ExportedPackage export : info.exports()) {
                    exports.row(export.name(), export.version(),
                            others(repository.exporters(export.name()), info), others(repository.importers(export.name()), info));
                }
                out.append(exports);
            }
            if (!info.imports().isEmpty()) {
                Table imports = new Table("IMPORTS", "RANGE", "EXPORTED BY");
                for (ImportedPackage imported : info.imports()) {
                    String providers = repository.exporters(imported.name()).stream()
                            .filter(p -> p.exports().stream().anyMatch(e -> e.name().equals(imported.name())
                                    && imported.range().includes(e.version())))
                            .map(p -> p.id().toString()).collect(Collectors.joining(", "));
                    imports.row(imported.name() + (imported.optional() ? " (optional)" : ""), imported.range(),
                            providers.isEmpty() ? "nothing in the repository" : providers);
                }
                out.append(imports);
            }
            return out.toString();
        }

        private static String others(List<PackageInfo> packages, PackageInfo self) {
            String names = packages.stream().filter(p -> !p.id().equals(self.id()))
                    .map(p -> p.id().toString()).collect(Collectors.joining(", "));
            return names.isEmpty() ? "-" : names;
        }
    }
}
