package gtach.provisioning.shell.internal;

import gtach.provisioning.repository.AddMode;
import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.VerifyReport;
import gtach.provisioning.repository.remote.Remote;
import gtach.provisioning.repository.remote.RemotePackage;
import gtach.provisioning.repository.remote.RemoteRepositories;
import gtach.provisioning.version.SemanticRange;
import gtach.provisioning.version.VersionText;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static gtach.provisioning.shell.internal.HelpText.EXAMPLE;
import static gtach.provisioning.shell.internal.HelpText.EXAMPLES;
import static gtach.provisioning.shell.internal.HelpText.OR;

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
    private static final String PACKAGES_AS_JSON = "print a JSON array instead of the table, one object per package: "
            + "symbolicName, version, osgiVersion, name, description, size, sha256, source, added";
    private static final String REMOTE_PREFIX = "remote:";
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");

    private final ProvisioningServices services;

    /** Remote repositories, for {@code gtach:add remote:<name>/<bsn>/<version>}; absent in a repository alone. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile RemoteRepositories remotes;

    @Activate
    public RepositoryCommands(@Reference ProvisioningServices services) {
        this.services = services;
    }

    /** For tests: commands over a repository at hand. */
    RepositoryCommands(PackageRepository repository) {
        this(ProvisioningServices.of(null, repository));
    }

    @Descriptor("store packages: a bundle JAR, a directory of JARs, an http(s) URL, mvn:group/artifact/version"
            + " or remote:<remote>/<symbolic name>/<version> as the remote's fetched index lists it;"
            + " a rebuild of a -SNAPSHOT version or of a development build replaces the stored one"
            + EXAMPLES + "gtach:add bundles/examples/packages/target/packages" + OR + "gtach:add --dev app/target/app.jar")
    public String add(CommandSession session,
            @Descriptor("store them as development builds, which a later rebuild of the same version replaces, as it"
                    + " replaces a -SNAPSHOT version") @Parameter(names = "--dev", presentValue = "true",
                    absentValue = "false") boolean dev,
            @Descriptor("a file, directory, URL, mvn: or remote: coordinate; a relative path starts from your directory") String source)
            throws RepositoryException {
        List<AddOutcome> outcomes;
        if (source.startsWith(REMOTE_PREFIX)) {
            outcomes = addFromRemote(source, dev);
        } else {
            try (ProgressLine progress = ProgressLine.of(session)) {
                outcomes = services.repository().add(resolve(session, source), dev ? AddMode.DEVELOPMENT : AddMode.STORE, progress);
            }
        }
        String report = outcomes.stream().map(AddOutcome::message).collect(Collectors.joining(NL));
        if (outcomes.stream().anyMatch(o -> o.status() == AddOutcome.Status.REFUSED)) {
            // A refusal makes the command fail, so that scripts notice; every outcome is still shown.
            throw new IllegalArgumentException(report);
        }
        return report + NL;
    }

    @Descriptor("remove one stored version (refused while it is in use)" + EXAMPLE + "gtach:remove gtach.example.tach 2.0.0")
    public String remove(@Descriptor("symbolic name") String name,
            @Descriptor("version, exactly, as gtach:list shows it") String version) throws RepositoryException {
        // Strict here, where an operator typed it: 01.2 must not remove 1.2.0.
        PackageInfo removed = services.repository().remove(name, VersionText.parse(version).toString());
        return "Removed " + removed.id() + "." + NL;
    }

    @Descriptor("list stored packages, by symbolic name, lowest version first"
            + EXAMPLES + "gtach:list" + OR + "gtach:list --json 'gtach.example.*'")
    public String list(CommandSession session,
            @Descriptor(PACKAGES_AS_JSON) @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("symbolic names matching this glob (* any text, ? one character), all by default; "
                    + "quote it, or Gogo matches it against your files") String... glob) {
        List<PackageInfo> packages = services.repository().list(glob.length == 0 ? "*" : String.join(" ", glob));
        return json ? PackageJson.list(packages) : PackageTable.of(packages, TerminalColour.wanted(session));
    }

    @Descriptor("find packages whose symbolic name, name, description or exported package contains a text, "
            + "optionally only versions in a range" + EXAMPLE + "gtach:search --range ^1.1 tachometer")
    public String search(CommandSession session,
            @Descriptor(PACKAGES_AS_JSON) @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("only versions in this range: '[1.1,2)' (quoted), ^1.1, ~1.1.0, 1.x, or one version exactly")
            @Parameter(names = {"-r", "--range"}, absentValue = "") String range,
            @Descriptor("text to look for, ignoring case; without it every package matches") String... text) {
        Optional<SemanticRange> within = range.isEmpty() ? Optional.empty() : Optional.of(SemanticRange.parse(range));
        List<PackageInfo> packages = services.repository().search(String.join(" ", text), within);
        if (json) {
            return PackageJson.list(packages);
        }
        String remote = remoteMatches(String.join(" ", text), within);
        return packages.isEmpty() && !remote.isEmpty() ? remote : PackageTable.of(packages, TerminalColour.wanted(session)) + remote;
    }

    /**
     * Packages of the remotes' fetched indexes whose symbolic name contains the text and that are
     * not stored locally, marked as remote: they are downloaded by {@code gtach:add
     * remote:<remote>/<name>/<version>}, or by an install or update whose plan picks them.
     */
    private String remoteMatches(String text, Optional<SemanticRange> within) {
        RemoteRepositories available = remotes;
        if (available == null) {
            return "";
        }
        String needle = text.toLowerCase(java.util.Locale.ROOT);
        StringBuilder out = new StringBuilder();
        try {
            for (Remote remote : available.list()) {
                for (RemotePackage p : available.packages(remote.name())) {
                    if (!p.symbolicName().toLowerCase(java.util.Locale.ROOT).contains(needle)
                            || within.isPresent() && !within.get().admits(Version.parseVersion(p.version()), false)
                            // downloaded already: the table above shows it
                            || services.repository().get(p.symbolicName(), p.version()).isPresent()) {
                        continue;
                    }
                    out.append(p.symbolicName()).append(' ').append(p.version()).append("  [remote ").append(p.remote())
                            .append("]  not downloaded: gtach:add remote:").append(p.remote()).append('/')
                            .append(p.symbolicName()).append('/').append(p.version()).append(NL);
                }
            }
        } catch (RepositoryException | IllegalArgumentException e) {
            out.append("Remote packages are not shown: ").append(e.getMessage()).append(NL);
        }
        return out.toString();
    }

    @Descriptor("show a stored package: metadata, exports, imports, and who in the repository provides or needs them"
            + EXAMPLES + "gtach:info gtach.example.tach" + OR + "gtach:info --json gtach.example.tach 1.1.0")
    public String info(CommandSession session,
            @Descriptor("print one JSON object instead: the keys of gtach:list --json, then exports (name, version, "
                    + "alsoExportedBy, importedBy) and imports (name, range, optional, exportedBy)")
            @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("symbolic name") String name,
            @Descriptor("version, exactly, the highest by default") String... version) {
        if (version.length > 1) {
            throw new IllegalArgumentException("info takes a symbolic name and at most one version, but got "
                    + (version.length + 1) + " words (" + name + " " + String.join(" ", version) + ").");
        }
        Optional<Version> wanted = version.length == 0 ? Optional.empty() : Optional.of(VersionText.parse(version[0]));
        boolean storedHere = wanted.isEmpty() ? !services.repository().versions(name).isEmpty()
                : services.repository().get(name, wanted.get().toString()).isPresent()
                        || services.repository().whyAbsent(new PackageId(name, wanted.get())).isPresent();
        if (!storedHere && !json) {
            Optional<String> remote = remoteInfo(name, wanted);
            if (remote.isPresent()) {
                return remote.get();
            }
        }
        PackageInfo info = version.length == 0
                ? services.repository().versions(name).stream().reduce((a, b) -> b)
                        .orElseThrow(() -> new IllegalArgumentException("No package " + name + " in the repository."))
                : stored(name, wanted.get(), version[0]);
        PackageNeighbours neighbours = new PackageNeighbours(services.repository(), info);
        return json ? PackageJson.info(info, neighbours) : PackageDetails.of(info, neighbours, TerminalColour.wanted(session));
    }

    /** A package only a fetched remote lists (its highest version unless one is named), marked as remote. */
    private Optional<String> remoteInfo(String name, Optional<Version> wanted) {
        RemoteRepositories available = remotes;
        if (available == null) {
            return Optional.empty();
        }
        RemotePackage best = null;
        try {
            for (Remote remote : available.list()) {
                for (RemotePackage p : available.packages(remote.name())) {
                    Version v = Version.parseVersion(p.version());
                    if (p.symbolicName().equals(name) && (wanted.isEmpty() ? best == null
                            || v.compareTo(Version.parseVersion(best.version())) > 0 : v.equals(wanted.get()))) {
                        best = p;
                    }
                }
            }
        } catch (RepositoryException | IllegalArgumentException e) {
            return Optional.empty();
        }
        if (best == null) {
            return Optional.empty();
        }
        return Optional.of(best.symbolicName() + " " + best.version() + "  [remote " + best.remote() + "]" + NL
                + "Not downloaded (" + Sizes.human(best.size()) + "); gtach:add remote:" + best.remote() + "/"
                + best.symbolicName() + "/" + best.version() + " stores it after checking it against the signed index." + NL);
    }

    /** The stored version, or the repository's own sentence when it knows why it is absent (quarantined, damaged). */
    private PackageInfo stored(String name, Version version, String typed) {
        return services.repository().get(name, version.toString()).orElseThrow(() -> new IllegalArgumentException(
                services.repository().whyAbsent(new PackageId(name, version))
                        .orElse("No package " + name + " " + typed + " in the repository.")));
    }

    @Descriptor("re-hash every stored package; corrupt ones are reported and quarantined, never deleted"
            + EXAMPLE + "gtach:verify")
    public String verify() throws RepositoryException {
        VerifyReport report = services.repository().verify();
        if (report.quarantined().isEmpty()) {
            return "Checked " + report.checked() + " packages: all intact." + NL;
        }
        Table table = new Table("PACKAGE", "PROBLEM", "MOVED TO");
        report.quarantined().forEach(q -> table.row(q.id(), q.reason(), q.movedTo()));
        throw new IllegalStateException("Checked " + report.checked() + " packages: " + report.quarantined().size()
                + " corrupt, moved to quarantine." + NL + table);
    }

    @Descriptor("remove old versions, keeping the highest N of each package and everything a generation uses"
            + EXAMPLE + "gtach:gc --keep 2")
    public String gc(CommandSession session,
            @Descriptor("versions to keep per package, 3 by default") @Parameter(names = {"-k", "--keep"}, absentValue = "3") int keep)
            throws RepositoryException {
        List<PackageInfo> removed = services.repository().gc(keep);
        if (removed.isEmpty()) {
            return "Nothing to remove: every stored version is among the " + keep
                    + " highest of its package or used by a generation." + NL;
        }
        return "Removed " + removed.size() + (removed.size() == 1 ? " package:" : " packages:") + NL
                + PackageTable.of(removed, TerminalColour.wanted(session));
    }

    private List<AddOutcome> addFromRemote(String source, boolean dev) throws RepositoryException {
        String[] parts = source.substring(REMOTE_PREFIX.length()).split("/", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new IllegalArgumentException("Cannot add " + source + ": a remote package is named"
                    + " remote:<remote>/<symbolic name>/<version>; nothing was changed.");
        }
        if (dev) {
            throw new IllegalArgumentException("Cannot add " + source + ": packages of a remote are releases, never"
                    + " development builds, so --dev does not apply; nothing was changed.");
        }
        RemoteRepositories available = remotes;
        if (available == null) {
            throw new IllegalArgumentException("Cannot add " + source + ": remote repositories are not available"
                    + " (no Config Admin?); nothing was changed.");
        }
        return available.add(parts[0], parts[1], parts[2]);
    }

    /** Relative paths mean the operator's directory, which Gogo tracks per session; URLs and mvn: stay as given. */
    private static String resolve(CommandSession session, String source) {
        if (SCHEME.matcher(source).matches()) {
            return source;
        }
        Path dir = session == null ? null : session.currentDir();
        return dir == null ? source : dir.resolve(source).normalize().toString();
    }
}
