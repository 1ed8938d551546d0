package gtach.provisioning.shell.internal;

import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.remote.Credentials;
import gtach.provisioning.repository.remote.FetchResult;
import gtach.provisioning.repository.remote.Remote;
import gtach.provisioning.repository.remote.RemotePackage;
import gtach.provisioning.repository.remote.RemoteRepositories;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static gtach.provisioning.shell.internal.HelpText.EXAMPLE;
import static gtach.provisioning.shell.internal.HelpText.EXAMPLES;
import static gtach.provisioning.shell.internal.HelpText.OR;

/** {@code gtach:remote add|list|remove|packages} and {@code gtach:fetch}: remote repositories, published or Maven. */
@Component(service = RemoteCommands.class, property = {
        "osgi.command.scope=gtach",
        "osgi.command.function=remote",
        "osgi.command.function=fetch" })
public final class RemoteCommands {

    private static final String NL = System.lineSeparator();

    private final RemoteRepositories remotes;

    @Activate
    public RemoteCommands(@Reference RemoteRepositories remotes) {
        this.remotes = remotes;
    }

    @Descriptor("manage remote repositories: published with gtach publish (add <name> <url> --key <public key file>)"
            + " or Maven (add <name> maven <url>), [--insecure], [--user <name> --password-file <file> | --token-file <file>],"
            + " list, remove <name>, packages <name> (what its last fetch listed)"
            + EXAMPLES + "gtach:remote add main https://example.org/gtach --key release.pub" + OR
            + "gtach:remote add central maven https://example.org/maven2" + OR + "gtach:remote list")
    public String remote(CommandSession session,
            @Descriptor("the remote's public key file, as gtach keygen writes it; its content is kept")
            @Parameter(names = "--key", absentValue = "") String key,
            @Descriptor("allow plain http to a host other than loopback")
            @Parameter(names = "--insecure", presentValue = "true", absentValue = "false") boolean insecure,
            @Descriptor("the user name for HTTP basic authentication, with --password-file")
            @Parameter(names = "--user", absentValue = "") String user,
            @Descriptor("the file holding the HTTP basic password (kept owner-only, never printed)")
            @Parameter(names = "--password-file", absentValue = "") String passwordFile,
            @Descriptor("the file holding a bearer token (kept owner-only, never printed)")
            @Parameter(names = "--token-file", absentValue = "") String tokenFile,
            @Descriptor("add <name> <url>, add <name> maven <url>, list, remove <name> or packages <name>") String... arguments)
            throws RepositoryException {
        String action = arguments.length == 0 ? "list" : arguments[0];
        switch (action) {
            case "add" -> {
                String name = arguments.length > 1 ? arguments[1] : "";
                Credentials credentials = credentials(session, name, user, passwordFile, tokenFile);
                if (arguments.length == 4 && arguments[2].equals("maven")) {
                    Remote added = remotes.addMaven(arguments[1], arguments[3], insecure, credentials);
                    return "Added Maven remote " + added.name() + " at " + added.url() + (added.insecure() ? " (insecure)" : "")
                            + described(credentials)
                            + "; gtach:add mvn:<group>/<artifact>/<version or range> looks there when ~/.m2 lacks it." + NL;
                }
                requireArguments(arguments, 3, "gtach:remote add <name> <url> --key <public key file> [--insecure]"
                        + " or gtach:remote add <name> maven <url> [--insecure], either with [--user <name> --password-file"
                        + " <file> | --token-file <file>]");
                if (key.isEmpty()) {
                    throw new IllegalArgumentException("Cannot add remote " + arguments[1]
                            + ": --key <public key file> is required; nothing was changed.");
                }
                Remote added = remotes.add(arguments[1], arguments[2], resolve(session, key), insecure, credentials);
                return "Added remote " + added.name() + " at " + added.url() + " with key " + added.keyId()
                        + (added.insecure() ? " (insecure)" : "") + described(credentials) + "; gtach:fetch " + added.name() + " reads its packages." + NL;
            }
            case "list" -> {
                List<Remote> all = remotes.list();
                if (all.isEmpty()) {
                    return "No remote is configured; gtach:remote add <name> <url> --key <file> adds one." + NL;
                }
                List<List<String>> rows = new ArrayList<>();
                for (Remote remote : all) {
                    rows.add(List.of(remote.name(), remote.kind() == Remote.Kind.MAVEN ? "maven" : "published",
                            remote.url().toString(), remote.keyId() == null ? "" : "key " + remote.keyId(),
                            remotes.credentials(remote.name()).orElse(""), remote.insecure() ? "insecure" : ""));
                }
                StringBuilder out = new StringBuilder();
                for (List<String> row : rows) {
                    out.append(String.join("  ", row.stream().filter(cell -> !cell.isEmpty()).toList())).append(NL);
                }
                return out.toString();
            }
            case "remove" -> {
                requireArguments(arguments, 2, "gtach:remote remove <name>");
                return "Removed remote " + remotes.remove(arguments[1]).name() + " and what was fetched from it." + NL;
            }
            case "packages" -> {
                requireArguments(arguments, 2, "gtach:remote packages <name>");
                List<RemotePackage> packages = remotes.packages(arguments[1]);
                if (packages.isEmpty()) {
                    return "Remote " + arguments[1] + " lists no packages; gtach:fetch " + arguments[1] + " reads them." + NL;
                }
                StringBuilder out = new StringBuilder();
                for (RemotePackage p : packages) {
                    out.append(p.symbolicName()).append(' ').append(p.version()).append("  [remote ").append(p.remote())
                            .append("]  ").append(Sizes.human(p.size())).append(NL);
                }
                return out.toString();
            }
            default -> throw new IllegalArgumentException("Unknown action " + action
                    + ": gtach:remote takes add, list, remove or packages; nothing was changed.");
        }
    }

    @Descriptor("download and verify the signed release and index of remotes, all by default"
            + EXAMPLE + "gtach:fetch main")
    public String fetch(@Descriptor("remote names, every configured one by default") String... names) throws RepositoryException {
        List<String> wanted = new ArrayList<>(List.of(names));
        List<String> maven = new ArrayList<>();
        for (Remote remote : remotes.list()) {
            if (remote.kind() == Remote.Kind.MAVEN) {
                maven.add(remote.name());
            } else if (names.length == 0) {
                wanted.add(remote.name());
            }
        }
        if (names.length == 0) {
            wanted.addAll(maven);
        }
        if (wanted.isEmpty()) {
            return "No remote is configured; gtach:remote add <name> <url> --key <file> adds one." + NL;
        }
        StringBuilder out = new StringBuilder();
        boolean failed = false;
        for (String name : wanted) {
            if (maven.contains(name)) {
                // a Maven repository has no index: it answers for each coordinate when that is added
                out.append(name).append(": a Maven repository, read when an mvn: coordinate is added; nothing to fetch").append(NL);
                continue;
            }
            try {
                FetchResult result = remotes.fetch(name);
                out.append(name).append(": release ").append(result.release().counter()).append(", ")
                        .append(result.packages()).append(result.packages() == 1 ? " package" : " packages")
                        .append(", valid until ").append(result.release().expires()).append(NL);
            } catch (RepositoryException e) {
                failed = true;
                out.append(name).append(": ").append(e.getMessage()).append(NL);
            }
        }
        if (failed) {
            // every remote is reported; a refusal makes the command fail so that scripts notice
            throw new IllegalArgumentException(out.toString().stripTrailing());
        }
        return out.toString();
    }

    /** The credentials the options name, or null for none; the secret files are read by the remotes, not here. */
    private static Credentials credentials(CommandSession session, String name, String user, String passwordFile,
            String tokenFile) {
        String refused = "Cannot add remote " + name + ": ";
        if (!tokenFile.isEmpty()) {
            if (!user.isEmpty() || !passwordFile.isEmpty()) {
                throw new IllegalArgumentException(refused + "--token-file cannot be given with --user or --password-file;"
                        + " nothing was changed.");
            }
            return Credentials.bearer(resolve(session, tokenFile));
        }
        if (user.isEmpty() != passwordFile.isEmpty()) {
            throw new IllegalArgumentException(refused + "--user and --password-file go together; nothing was changed.");
        }
        return user.isEmpty() ? null : Credentials.basic(user, resolve(session, passwordFile));
    }

    private static String described(Credentials credentials) {
        if (credentials == null) {
            return "";
        }
        return credentials.kind() == Credentials.Kind.BASIC ? ", basic (user " + credentials.user() + ")" : ", bearer token";
    }

    private static void requireArguments(String[] arguments, int count, String usage) {
        if (arguments.length != count) {
            throw new IllegalArgumentException("Usage: " + usage + "; nothing was changed.");
        }
    }

    private static Path resolve(CommandSession session, String file) {
        Path dir = session == null ? null : session.currentDir();
        return dir == null ? Path.of(file) : dir.resolve(file).normalize();
    }
}
