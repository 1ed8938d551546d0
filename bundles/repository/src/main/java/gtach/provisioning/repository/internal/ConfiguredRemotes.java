package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.remote.FetchResult;
import gtach.provisioning.repository.remote.Remote;
import gtach.provisioning.repository.remote.RemotePackage;
import gtach.provisioning.repository.remote.RemoteRepositories;
import gtach.provisioning.repository.remote.TrustException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.Version;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The remotes of the published-GTach kind, one Config Admin factory configuration each (factory
 * PID {@value #FACTORY_PID}, named after the remote), holding {@code name}, {@code url}, the pinned
 * public key file's content ({@code key}), its {@code keyId} and {@code insecure}. What is fetched
 * is kept in the local repository under {@code remotes/<name>/}. Adding, removing and fetching
 * remotes take turns, so two fetches never interleave their writes.
 */
@Component(service = RemoteRepositories.class)
public final class ConfiguredRemotes implements RemoteRepositories {

    static final String FACTORY_PID = "gtach.provisioning.repository.remote";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_KEY_FILE_BYTES = 64 << 10;

    private final ConfigurationAdmin configurations;
    private final PackageRepository repository;
    private final Clock clock;

    @Activate
    public ConfiguredRemotes(@Reference ConfigurationAdmin configurations, @Reference PackageRepository repository) {
        this(configurations, repository, Clock.systemUTC());
    }

    ConfiguredRemotes(ConfigurationAdmin configurations, PackageRepository repository, Clock clock) {
        this.configurations = configurations;
        this.repository = repository;
        this.clock = clock;
    }

    @Override
    public synchronized Remote add(String name, String url, Path keyFile, boolean insecure) throws RepositoryException {
        String refused = "Cannot add remote " + name + ": ";
        Optional<String> nameProblem = RemoteFetch.nameProblem(name);
        if (nameProblem.isPresent()) {
            throw new RepositoryException(refused + nameProblem.get() + "; nothing was changed.");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new RepositoryException(refused + "its URL " + url + " is not valid; nothing was changed.");
        }
        Optional<String> locationProblem = RemoteFetch.locationProblem(uri, insecure);
        if (locationProblem.isPresent()) {
            throw new RepositoryException(refused + "its URL " + url + " is refused: " + locationProblem.get()
                    + "; nothing was changed.");
        }
        byte[] keyBytes;
        SigningKey key;
        try {
            if (Files.size(keyFile) > MAX_KEY_FILE_BYTES) {
                throw new RepositoryException(refused + "the key file " + keyFile + " is larger than 64 KiB; nothing was changed.");
            }
            keyBytes = Files.readAllBytes(keyFile);
            key = SigningKey.parse(keyBytes, false, keyFile.toString());
        } catch (IOException e) {
            throw new RepositoryException(refused + "the key file " + keyFile + " cannot be read: "
                    + IoErrorText.describe(e) + "; nothing was changed.", e);
        } catch (TrustException e) {
            throw new RepositoryException(refused + lowerFirst(withoutPeriod(e.getMessage())) + "; nothing was changed.", e);
        }
        if (find(name).isPresent()) {
            throw new RepositoryException(refused + "a remote of that name exists already; nothing was changed.");
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("name", name);
        properties.put("url", uri.toString());
        properties.put("key", new String(key.publicOnly().publicFile(), StandardCharsets.UTF_8));
        properties.put("keyId", key.keyId());
        properties.put("insecure", insecure);
        try {
            configurations.getFactoryConfiguration(FACTORY_PID, name, "?").update(properties);
        } catch (IOException e) {
            throw new RepositoryException(refused + "its configuration cannot be stored: " + IoErrorText.describe(e)
                    + "; nothing was changed.", e);
        }
        return new Remote(name, uri, key.keyId(), insecure);
    }

    @Override
    public List<Remote> list() throws RepositoryException {
        List<Remote> remotes = new ArrayList<>();
        for (Configuration configuration : configurations()) {
            remote(configuration.getProperties()).ifPresent(remotes::add);
        }
        remotes.sort(Comparator.comparing(Remote::name));
        return remotes;
    }

    @Override
    public synchronized Remote remove(String name) throws RepositoryException {
        Configuration configuration = find(name).orElseThrow(() -> unknown("remove", name));
        Remote remote = remote(configuration.getProperties()).orElseThrow(() -> unknown("remove", name));
        try {
            configuration.delete();
            deleteTree(RemoteFetch.directory(repository.root(), name));
        } catch (IOException e) {
            throw new RepositoryException("Cannot remove remote " + name + ": " + IoErrorText.describe(e) + ".", e);
        }
        return remote;
    }

    @Override
    public synchronized FetchResult fetch(String name) throws RepositoryException {
        Configuration configuration = find(name).orElseThrow(() -> unknown("fetch", name));
        Dictionary<String, Object> properties = configuration.getProperties();
        Remote remote = remote(properties).orElseThrow(() -> unknown("fetch", name));
        RemoteFetch.Fetched fetched = RemoteFetch.fetch(name, remote.url(), pinnedKey(properties, name), remote.insecure(),
                repository.root(), clock.instant(), TIMEOUT);
        return new FetchResult(name, fetched.release(), fetched.entries().size());
    }

    @Override
    public List<RemotePackage> packages(String name) throws RepositoryException {
        Configuration configuration = find(name).orElseThrow(() -> unknown("list the packages of", name));
        List<RemotePackage> packages = new ArrayList<>();
        for (RemoteIndexEntry entry : entries(configuration, name)) {
            packages.add(new RemotePackage(name, entry.symbolicName(), entry.version().toString(), entry.size()));
        }
        return packages;
    }

    @Override
    public List<AddOutcome> add(String remoteName, String symbolicName, String version) throws RepositoryException {
        String what = symbolicName + " " + version + " from remote " + remoteName;
        Configuration configuration = find(remoteName).orElseThrow(() -> unknown("add from", remoteName));
        Remote remote = remote(configuration.getProperties()).orElseThrow(() -> unknown("add from", remoteName));
        Version wanted;
        try {
            wanted = Version.parseVersion(version);
        } catch (IllegalArgumentException e) {
            throw new RepositoryException("Cannot add " + what + ": " + version + " is not a version; nothing was changed.");
        }
        RemoteIndexEntry entry = unexpiredEntries(configuration, remoteName, what).stream()
                .filter(e -> e.symbolicName().equals(symbolicName) && e.version().equals(wanted))
                .findFirst().orElseThrow(() -> new RepositoryException("Cannot add " + what
                        + ": its fetched index lists no such package; nothing was changed."));
        try {
            Path incoming = Files.createDirectories(RemoteFetch.directory(repository.root(), remoteName).resolve("incoming"));
            Path jar = incoming.resolve(symbolicName + "-" + wanted + ".jar");
            try {
                RemoteFetch.download(remoteName, remote.url(), entry, jar, TIMEOUT);
                checkManifest(jar, entry, what);
                return repository.add(jar.toString());
            } finally {
                Files.deleteIfExists(jar);
            }
        } catch (IOException e) {
            throw new RepositoryException("Cannot add " + what + ": " + IoErrorText.describe(e) + "; nothing was changed.", e);
        }
    }

    static void checkManifest(Path jar, RemoteIndexEntry entry, String what) throws RepositoryException, IOException {
        String name = null;
        String version = null;
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest manifest = file.getManifest();
            if (manifest != null) {
                name = manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
                version = manifest.getMainAttributes().getValue(Constants.BUNDLE_VERSION);
            }
        }
        String bsn = name == null ? null : name.split(";", 2)[0].trim();
        Version parsed;
        try {
            parsed = version == null ? Version.emptyVersion : Version.parseVersion(version.trim());
        } catch (IllegalArgumentException e) {
            parsed = null;
        }
        if (!entry.symbolicName().equals(bsn) || !entry.version().equals(parsed)) {
            throw new RepositoryException("The JAR of " + what + " is refused: its manifest names " + bsn + " " + version
                    + ", not the " + entry.symbolicName() + " " + entry.version() + " of the signed index; nothing was changed.");
        }
    }

    /** An expired release is no ground for anything new: nothing is downloaded on its word. */
    private List<RemoteIndexEntry> unexpiredEntries(Configuration configuration, String name, String what)
            throws RepositoryException {
        Optional<RemoteFetch.Fetched> fetched = RemoteFetch.stored(repository.root(), name, pinnedKey(configuration.getProperties(), name));
        if (fetched.isPresent() && !clock.instant().isBefore(fetched.get().release().expires())) {
            throw new RepositoryException("Cannot add " + what + ": the release fetched from it expired at "
                    + fetched.get().release().expires() + "; fetch it again (gtach:fetch " + name + "); nothing was changed.");
        }
        return fetched.map(RemoteFetch.Fetched::entries).orElse(List.of());
    }

    private List<RemoteIndexEntry> entries(Configuration configuration, String name) throws RepositoryException {
        return RemoteFetch.stored(repository.root(), name, pinnedKey(configuration.getProperties(), name))
                .map(RemoteFetch.Fetched::entries).orElse(List.of());
    }

    private static SigningKey pinnedKey(Dictionary<String, Object> properties, String name) throws RepositoryException {
        Object key = properties.get("key");
        try {
            return SigningKey.parse(String.valueOf(key).getBytes(StandardCharsets.UTF_8), false, "pinned for remote " + name);
        } catch (TrustException e) {
            throw new RepositoryException("The configuration of remote " + name + " is refused: "
                    + lowerFirst(withoutPeriod(e.getMessage())) + "; add it again.", e);
        }
    }

    private Optional<Configuration> find(String name) throws RepositoryException {
        for (Configuration configuration : configurations()) {
            Dictionary<String, Object> properties = configuration.getProperties();
            if (properties != null && name != null && name.equals(properties.get("name"))) {
                return Optional.of(configuration);
            }
        }
        return Optional.empty();
    }

    private Configuration[] configurations() throws RepositoryException {
        try {
            Configuration[] found = configurations.listConfigurations("(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + FACTORY_PID + ")");
            return found == null ? new Configuration[0] : found;
        } catch (IOException | InvalidSyntaxException e) {
            throw new RepositoryException("The remotes cannot be read from Config Admin: " + e.getMessage(), e);
        }
    }

    private static Optional<Remote> remote(Dictionary<String, Object> properties) {
        if (properties == null || !(properties.get("name") instanceof String name) || !(properties.get("url") instanceof String url)
                || !(properties.get("keyId") instanceof String keyId)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Remote(name, new URI(url), keyId, Boolean.TRUE.equals(properties.get("insecure"))
                    || "true".equals(properties.get("insecure"))));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static RepositoryException unknown(String action, String name) {
        return new RepositoryException("Cannot " + action + " remote " + name + ": no remote of that name is configured"
                + " (gtach:remote list shows them); nothing was changed.");
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static String withoutPeriod(String sentence) {
        return sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
