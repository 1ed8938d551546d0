package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.remote.Credentials;
import gtach.provisioning.repository.remote.FetchResult;
import gtach.provisioning.repository.remote.ReleaseMetadata;
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
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.repository.Repository;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The remotes, one Config Admin factory configuration each (factory PID {@value #FACTORY_PID},
 * named after the remote), holding {@code name}, {@code url}, {@code insecure}, {@code kind}
 * ({@code published} or {@code maven}), {@code sequence} (the order they were added in) and, for
 * a published remote, the pinned public key file's content ({@code key}) and its {@code keyId}. What is fetched
 * is kept in the local repository under {@code remotes/<name>/}. Adding, removing and fetching
 * remotes take turns, so two fetches never interleave their writes.
 */
@Component(service = RemoteRepositories.class)
public final class ConfiguredRemotes implements RemoteRepositories {

    static final String FACTORY_PID = "gtach.provisioning.repository.remote";
    private static final String KIND_PUBLISHED = "published";
    private static final String KIND_MAVEN = "maven";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_KEY_FILE_BYTES = 64 << 10;

    private final ConfigurationAdmin configurations;
    private final PackageRepository repository;
    private final Clock clock;
    /** The candidates last built, reused while no remote's fetched files changed and no release expired. */
    private volatile Cached cached;
    /** The signatures and index counts of the kept files already verified, by content. */
    private final VerifiedKeptFiles verified = new VerifiedKeptFiles();
    /** The pinned keys parsed, by remote, each with the configured text it was parsed from. */
    private final Map<String, PinnedKey> pinnedKeys = new ConcurrentHashMap<>();
    /** Built at the first fetch, then used by every fetch; fetches take turns, so it is guarded by this. */
    private HttpClient client;

    private record Cached(String stamp, Instant validUntil, RemoteCandidates candidates) {
    }

    private record PinnedKey(String text, SigningKey key) {
    }

    @Activate
    public ConfiguredRemotes(@Reference ConfigurationAdmin configurations, @Reference PackageRepository repository) {
        this(configurations, repository, Clock.systemUTC());
    }

    ConfiguredRemotes(ConfigurationAdmin configurations, PackageRepository repository, Clock clock) {
        this.configurations = configurations;
        this.repository = repository;
        this.clock = clock;
    }

    @Deactivate
    synchronized void deactivate() {
        // Java 17's client has no close(): dropped, its selector thread ends once it is unreachable
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // nothing is left to do with a client that is being dropped
            }
        }
        client = null;
    }

    @Override
    public Remote add(String name, String url, Path keyFile, boolean insecure) throws RepositoryException {
        return add(name, url, keyFile, insecure, null);
    }

    @Override
    public synchronized Remote add(String name, String url, Path keyFile, boolean insecure, Credentials credentials)
            throws RepositoryException {
        String refused = "Cannot add remote " + name + ": ";
        URI uri = checkedLocation(name, url, insecure);
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
        properties.put("key", new String(key.publicOnly().publicFile(), StandardCharsets.UTF_8));
        properties.put("keyId", key.keyId());
        return store(new Remote(name, uri, key.keyId(), insecure), properties, credentials);
    }

    @Override
    public Remote addMaven(String name, String url, boolean insecure) throws RepositoryException {
        return addMaven(name, url, insecure, null);
    }

    @Override
    public synchronized Remote addMaven(String name, String url, boolean insecure, Credentials credentials)
            throws RepositoryException {
        URI uri = checkedLocation(name, url, insecure);
        if (find(name).isPresent()) {
            throw new RepositoryException("Cannot add remote " + name + ": a remote of that name exists already; nothing was changed.");
        }
        // a trailing slash, so that the Maven layout's paths resolve below the base, not beside it
        URI base = uri.toString().endsWith("/") ? uri : URI.create(uri + "/");
        return store(new Remote(name, base, null, insecure, Remote.Kind.MAVEN), new Hashtable<>(), credentials);
    }

    @Override
    public Optional<String> credentials(String name) throws RepositoryException {
        find(name).orElseThrow(() -> unknown("describe", name));
        return RemoteCredentials.read(repository.root(), name).map(RemoteCredentials.Stored::description);
    }

    /**
     * The configured Maven remotes with their credentials (kept under {@code repositoryRoot}), in
     * the order they were added.
     */
    static List<MavenBase> mavenRemotes(ConfigurationAdmin configurations, Path repositoryRoot) throws RepositoryException {
        List<MavenBase> remotes = new ArrayList<>();
        for (Remote remote : mavenList(configurations)) {
            String authorization = RemoteCredentials.read(repositoryRoot, remote.name())
                    .map(RemoteCredentials.Stored::authorization).orElse(null);
            remotes.add(new MavenBase(remote.name(), remote.url(), authorization));
        }
        return remotes;
    }

    /**
     * The base URLs of the configured Maven remotes, in the order they were added: where {@code mvn:}
     * coordinates the local Maven repository lacks are looked up.
     */
    static List<URI> mavenBases(ConfigurationAdmin configurations) throws RepositoryException {
        return mavenList(configurations).stream().map(Remote::url).toList();
    }

    private static List<Remote> mavenList(ConfigurationAdmin configurations) throws RepositoryException {
        List<Configuration> maven = new ArrayList<>();
        for (Configuration configuration : configurations(configurations)) {
            Dictionary<String, Object> properties = configuration.getProperties();
            if (properties != null && KIND_MAVEN.equals(properties.get("kind"))) {
                maven.add(configuration);
            }
        }
        maven.sort(Comparator.comparingLong(c -> sequence(c.getProperties())));
        List<Remote> remotes = new ArrayList<>();
        for (Configuration configuration : maven) {
            remote(configuration.getProperties()).ifPresent(remotes::add);
        }
        return remotes;
    }

    private URI checkedLocation(String name, String url, boolean insecure) throws RepositoryException {
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
        return uri;
    }

    private Remote store(Remote remote, Dictionary<String, Object> properties, Credentials credentials)
            throws RepositoryException {
        long next = 1;
        for (Configuration configuration : configurations()) {
            next = Math.max(next, sequence(configuration.getProperties()) + 1);
        }
        properties.put("name", remote.name());
        properties.put("url", remote.url().toString());
        properties.put("insecure", remote.insecure());
        properties.put("kind", remote.kind() == Remote.Kind.MAVEN ? KIND_MAVEN : KIND_PUBLISHED);
        // the order remotes were added in is the order Maven remotes are asked in
        properties.put("sequence", next);
        if (credentials != null) {
            RemoteCredentials.store(repository.root(), remote.name(), credentials);
        } else {
            // a directory left by an earlier remote of that name must not lend it credentials
            deleteCredentials(remote.name());
        }
        try {
            configurations.getFactoryConfiguration(FACTORY_PID, remote.name(), "?").update(properties);
        } catch (IOException e) {
            deleteCredentials(remote.name());
            throw new RepositoryException("Cannot add remote " + remote.name() + ": its configuration cannot be stored: "
                    + IoErrorText.describe(e) + "; nothing was changed.", e);
        }
        return remote;
    }

    private static long sequence(Dictionary<String, Object> properties) {
        Object sequence = properties == null ? null : properties.get("sequence");
        return sequence instanceof Number number ? number.longValue() : 0;
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
    public Repository candidates() throws RepositoryException {
        List<RemoteCandidates.Source> sources = new ArrayList<>();
        StringBuilder stamp = new StringBuilder();
        List<Configuration> published = new ArrayList<>();
        for (Configuration configuration : configurations()) {
            Optional<Remote> remote = remote(configuration.getProperties());
            if (remote.isPresent() && remote.get().kind() == Remote.Kind.PUBLISHED) {
                published.add(configuration);
                stamp.append(remote.get().name()).append(' ').append(RemoteFetch.stamp(repository.root(), remote.get().name())).append('\n');
            }
        }
        Instant now = clock.instant();
        Cached kept = cached;
        if (kept != null && kept.stamp().equals(stamp.toString()) && now.isBefore(kept.validUntil())) {
            return kept.candidates();
        }
        Instant validUntil = Instant.MAX;
        for (Configuration configuration : published) {
            Remote remote = remote(configuration.getProperties()).orElseThrow();
            Optional<RemoteFetch.Fetched> fetched = RemoteFetch.stored(repository.root(), remote.name(),
                    pinnedKey(configuration.getProperties(), remote.name()), verified);
            // an expired release is no ground for anything new (the running application keeps what it has)
            if (fetched.isPresent() && now.isBefore(fetched.get().release().expires())) {
                sources.add(new RemoteCandidates.Source(remote.name(), RemoteFetch.base(remote.url()), fetched.get().entries()));
                validUntil = validUntil.isBefore(fetched.get().release().expires()) ? validUntil : fetched.get().release().expires();
            }
        }
        RemoteCandidates candidates = sources.isEmpty() ? RemoteCandidates.NONE : new RemoteCandidates(sources);
        cached = new Cached(stamp.toString(), validUntil, candidates);
        return candidates;
    }

    @Override
    public List<String> problems() throws RepositoryException {
        List<String> problems = new ArrayList<>();
        for (Configuration configuration : configurations()) {
            Dictionary<String, Object> properties = configuration.getProperties();
            Optional<Remote> found = remote(properties);
            if (found.isEmpty()) {
                continue;
            }
            Remote remote = found.get();
            if (remote.kind() == Remote.Kind.PUBLISHED) {
                keptRelease(remote.name(), properties).filter(release -> !clock.instant().isBefore(release.expires()))
                        .ifPresent(release -> problems.add("remote " + remote.name() + ": release " + release.counter()
                                + " expired at " + release.expires() + "; nothing new is taken from it, the running"
                                + " application is unchanged; fetch again."));
            }
            if (remote.insecure()) {
                problems.add("remote " + remote.name() + ": added with --insecure, so it is read over plain http"
                        + " that anyone on the way can read and change.");
            }
        }
        problems.sort(Comparator.naturalOrder());
        return problems;
    }

    /** The release last fetched from a remote, its signature checked; empty when none or unreadable. */
    private Optional<ReleaseMetadata> keptRelease(String name, Dictionary<String, Object> properties) {
        try {
            return RemoteFetch.storedRelease(repository.root(), name, pinnedKey(properties, name), verified);
        } catch (RepositoryException e) {
            // a kept release that cannot be used is refused, with its reason, by the next fetch or add
            return Optional.empty();
        }
    }

    @Override
    public synchronized Remote remove(String name) throws RepositoryException {
        Configuration configuration = find(name).orElseThrow(() -> unknown("remove", name));
        Remote remote = remote(configuration.getProperties()).orElseThrow(() -> unknown("remove", name));
        try {
            configuration.delete();
            verified.forget(name);
            pinnedKeys.remove(name);
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
        if (remote.kind() == Remote.Kind.MAVEN) {
            throw new RepositoryException("Remote " + name + " is a Maven repository, which has nothing to fetch:"
                    + " it is read when an mvn: coordinate is added.");
        }
        if (client == null) {
            client = RemoteFetch.client(TIMEOUT);
        }
        RemoteFetch.Fetched fetched = RemoteFetch.fetch(client, verified, false, name, remote.url(), pinnedKey(properties, name),
                remote.insecure(), repository.root(), clock.instant(), TIMEOUT, authorization(name));
        return new FetchResult(name, fetched.release(), fetched.packages());
    }

    @Override
    public List<RemotePackage> packages(String name) throws RepositoryException {
        Configuration configuration = find(name).orElseThrow(() -> unknown("list the packages of", name));
        List<RemotePackage> packages = new ArrayList<>();
        if (isMaven(configuration)) {
            // a Maven repository has no index to list; its artifacts are named by coordinate
            return packages;
        }
        for (RemoteIndexEntry entry : entries(configuration, name)) {
            packages.add(new RemotePackage(name, entry.symbolicName(), entry.version().toString(), entry.size()));
        }
        return packages;
    }

    @Override
    public Optional<ReleaseMetadata> release(String name) throws RepositoryException {
        Configuration configuration = find(name).orElseThrow(() -> unknown("read the release of", name));
        Dictionary<String, Object> properties = configuration.getProperties();
        Remote remote = remote(properties).orElseThrow(() -> unknown("read the release of", name));
        if (remote.kind() == Remote.Kind.MAVEN) {
            throw new RepositoryException("Remote " + name + " is a Maven repository, which has no signed release:"
                    + " it is read when an mvn: coordinate is added.");
        }
        return RemoteFetch.storedRelease(repository.root(), name, pinnedKey(properties, name), verified);
    }

    @Override
    public List<AddOutcome> add(String remoteName, String symbolicName, String version) throws RepositoryException {
        String what = symbolicName + " " + version + " from remote " + remoteName;
        Configuration configuration = find(remoteName).orElseThrow(() -> unknown("add from", remoteName));
        Remote remote = remote(configuration.getProperties()).orElseThrow(() -> unknown("add from", remoteName));
        if (remote.kind() == Remote.Kind.MAVEN) {
            throw new RepositoryException("Cannot add " + what + ": it is a Maven repository, whose artifacts are added"
                    + " as mvn:<group>/<artifact>/<version>; nothing was changed.");
        }
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
                RemoteFetch.download(remoteName, remote.url(), entry, jar, TIMEOUT, authorization(remoteName));
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
        Optional<RemoteFetch.Fetched> fetched = RemoteFetch.stored(repository.root(), name,
                pinnedKey(configuration.getProperties(), name), verified);
        if (fetched.isPresent() && !clock.instant().isBefore(fetched.get().release().expires())) {
            throw new RepositoryException("Cannot add " + what + ": the release fetched from it expired at "
                    + fetched.get().release().expires() + "; fetch it again (gtach:fetch " + name + "); nothing was changed.");
        }
        return fetched.map(RemoteFetch.Fetched::entries).orElse(List.of());
    }

    private List<RemoteIndexEntry> entries(Configuration configuration, String name) throws RepositoryException {
        return RemoteFetch.stored(repository.root(), name, pinnedKey(configuration.getProperties(), name), verified)
                .map(RemoteFetch.Fetched::entries).orElse(List.of());
    }

    private String authorization(String name) throws RepositoryException {
        return RemoteCredentials.read(repository.root(), name).map(RemoteCredentials.Stored::authorization).orElse(null);
    }

    private void deleteCredentials(String name) {
        try {
            Files.deleteIfExists(RemoteFetch.directory(repository.root(), name).resolve(RemoteCredentials.FILE));
        } catch (IOException e) {
            // read back only for a remote of this name, which the caller is refusing or replacing
        }
    }

    /** The remote's pinned key, parsed again only when its configured text is not the one parsed before. */
    private SigningKey pinnedKey(Dictionary<String, Object> properties, String name) throws RepositoryException {
        String text = String.valueOf(properties.get("key"));
        PinnedKey known = pinnedKeys.get(name);
        if (known != null && known.text().equals(text)) {
            return known.key();
        }
        try {
            SigningKey key = SigningKey.parse(text.getBytes(StandardCharsets.UTF_8), false, "pinned for remote " + name);
            pinnedKeys.put(name, new PinnedKey(text, key));
            return key;
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

    private static boolean isMaven(Configuration configuration) {
        Dictionary<String, Object> properties = configuration.getProperties();
        return properties != null && KIND_MAVEN.equals(properties.get("kind"));
    }

    private Configuration[] configurations() throws RepositoryException {
        return configurations(configurations);
    }

    private static Configuration[] configurations(ConfigurationAdmin configurations) throws RepositoryException {
        try {
            Configuration[] found = configurations.listConfigurations("(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + FACTORY_PID + ")");
            return found == null ? new Configuration[0] : found;
        } catch (IOException | InvalidSyntaxException e) {
            throw new RepositoryException("The remotes cannot be read from Config Admin: " + e.getMessage(), e);
        }
    }

    private static Optional<Remote> remote(Dictionary<String, Object> properties) {
        if (properties == null || !(properties.get("name") instanceof String name) || !(properties.get("url") instanceof String url)) {
            return Optional.empty();
        }
        boolean maven = KIND_MAVEN.equals(properties.get("kind"));
        Object keyId = properties.get("keyId");
        if (!maven && !(keyId instanceof String)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Remote(name, new URI(url), maven ? null : (String) keyId,
                    Boolean.TRUE.equals(properties.get("insecure")) || "true".equals(properties.get("insecure")),
                    maven ? Remote.Kind.MAVEN : Remote.Kind.PUBLISHED));
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
