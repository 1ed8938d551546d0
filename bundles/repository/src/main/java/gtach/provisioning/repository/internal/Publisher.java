package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.remote.Channel;
import gtach.provisioning.repository.remote.ReleaseMetadata;
import gtach.provisioning.repository.remote.TrustException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Publishes bundle JARs as a remote repository of static files, append-only:
 *
 * <pre>
 * jars/&lt;bsn&gt;-&lt;version&gt;-&lt;first 12 hex digits of the SHA-256&gt;.jar   never overwritten
 * index-&lt;counter&gt;.xml.gz                                 the R5 index the release signs
 * release.json                                              the signed release ({@link ReleaseTrust})
 * index.xml.gz                                              a copy of the signed index, for Felix, bnd, Karaf
 * </pre>
 *
 * A new release holds every entry of the previous one plus the new JARs (none is fine: a release
 * that only changes a channel or extends the expiry), and its counter is the previous one plus 1.
 * It keeps the previous release's channels and report URL, except those this publication names
 * again; every channel must name a package of the new index at exactly its version. Every check
 * happens before anything is written; new files are written under temporary names, JARs and the
 * index first, {@code release.json} renamed last, so a refused or interrupted publication leaves
 * the published release as it was. A directory holding an unsigned {@code index.xml.gz} (from
 * bnd-indexer-maven-plugin, say) and no release is taken as the previous release's entries. Not
 * safe for two publishers on one directory at once.
 */
final class Publisher {

    static final String RELEASE = "release.json";
    static final String INDEX = "index.xml.gz";
    static final String JARS = "jars";
    static final long MAX_JAR_BYTES = 1L << 30;

    /**
     * What a publication changes besides the JARs: channels set (replacing those of the same name
     * in the previous release) and a report URL (replacing the previous one), null to keep it.
     */
    record Changes(List<Channel> channels, String reportUrl) {

        static final Changes NONE = new Changes(List.of(), null);

        Changes {
            channels = List.copyOf(channels);
        }
    }

    /** What a publication did. */
    record Outcome(ReleaseMetadata release, List<RemoteIndexEntry> added, List<RemoteIndexEntry> alreadyPublished,
            int entries) {
    }

    private final Path target;
    private final SigningKey key;
    private final List<Path> temporaries = new ArrayList<>();
    private final boolean targetExisted;

    private Publisher(Path target, SigningKey key) {
        this.target = target;
        this.key = key;
        this.targetExisted = Files.isDirectory(target);
    }

    /**
     * Publishes JARs, and every JAR in the given directories, to a directory.
     *
     * @param validity how long the release may be trusted for anything new
     * @throws RepositoryException with one sentence when it is refused; nothing was changed then
     */
    static Outcome publish(List<Path> inputs, Path target, SigningKey key, Duration validity, Instant now)
            throws RepositoryException {
        return publish(inputs, target, key, validity, now, Changes.NONE);
    }

    /**
     * As {@link #publish(List, Path, SigningKey, Duration, Instant)}, setting channels and the report URL.
     *
     * @param inputs JARs and directories of JARs; empty to publish the previous release's index again
     */
    static Outcome publish(List<Path> inputs, Path target, SigningKey key, Duration validity, Instant now, Changes changes)
            throws RepositoryException {
        Publisher publisher = new Publisher(target, key);
        try {
            return publisher.run(inputs, validity, now.truncatedTo(ChronoUnit.SECONDS), changes);
        } catch (IOException e) {
            throw new RepositoryException("Cannot publish to " + target + ": " + IoErrorText.describe(e)
                    + "; the published release was not changed.", e);
        } finally {
            publisher.deleteTemporaries();
        }
    }

    private Outcome run(List<Path> inputs, Duration validity, Instant now, Changes changes)
            throws RepositoryException, IOException {
        List<Path> jars = jars(inputs);
        Previous previous = previous();
        if (jars.isEmpty() && previous.release == null && previous.entries.isEmpty()) {
            throw new RepositoryException("Nothing was published: no JAR was given and " + target
                    + " holds no release to publish again.");
        }
        Map<String, RemoteIndexEntry> entries = new LinkedHashMap<>();
        for (RemoteIndexEntry entry : previous.entries) {
            entries.put(identity(entry), entry);
        }
        Files.createDirectories(target.resolve(JARS));
        List<RemoteIndexEntry> added = new ArrayList<>();
        List<RemoteIndexEntry> already = new ArrayList<>();
        Map<Path, Path> renames = new LinkedHashMap<>();
        for (Path jar : jars) {
            Path staged = temporary();
            DurableFiles.Content content;
            try (InputStream in = Files.newInputStream(jar)) {
                content = DurableFiles.copy(in, staged, MAX_JAR_BYTES);
            } catch (DurableFiles.TooLargeException e) {
                throw refused("The JAR " + jar + " is refused: it is larger than " + Sizes.describe(MAX_JAR_BYTES));
            }
            PackageRecord record;
            try {
                record = BundleReader.read(staged, content, jar.toString(), now);
            } catch (Refusal e) {
                throw refused("The JAR " + jar + " is refused: " + e.getMessage());
            }
            String bsn = record.info().id().symbolicName();
            String version = record.info().id().version().toString();
            RemoteIndexEntry published = entries.get(bsn + " " + version);
            if (published != null) {
                if (!published.sha256().equals(content.sha256())) {
                    throw refused("The JAR " + jar + " is refused: " + bsn + " " + version
                            + " is already published with other content (SHA-256 " + published.sha256()
                            + ") and a published version never changes");
                }
                already.add(published);
                continue;
            }
            String name = bsn + "-" + version + "-" + content.sha256().substring(0, 12) + ".jar";
            Path destination = target.resolve(JARS).resolve(name);
            if (Files.exists(destination) && !DurableFiles.hash(destination).equals(content)) {
                throw refused("The JAR " + jar + " is refused: " + target.relativize(destination)
                        + " already exists with other content and a published file is never overwritten");
            }
            RemoteIndexEntry entry = entry(record, content, JARS + "/" + name);
            entries.put(identity(entry), entry);
            added.add(entry);
            if (!Files.exists(destination)) {
                renames.put(staged, destination);
            }
        }
        long counter = previous.release == null ? 1 : previous.release.counter() + 1;
        List<RemoteIndexEntry> all = new ArrayList<>(entries.values());
        all.sort(Comparator.comparing(RemoteIndexEntry::symbolicName).thenComparing(RemoteIndexEntry::version));
        // nothing added (a channel moved, the expiry extended): the new release signs the index devices
        // already hold, so that they fetch only release.json
        boolean sameIndex = added.isEmpty() && previous.release != null
                && Files.isRegularFile(target.resolve(previous.release.indexPath()));
        byte[] index = sameIndex ? Files.readAllBytes(target.resolve(previous.release.indexPath()))
                : RemoteIndexWriter.write(target.getFileName() == null ? "gtach" : target.getFileName().toString(), counter, all);
        String indexPath = sameIndex ? previous.release.indexPath() : "index-" + counter + ".xml.gz";
        List<Channel> channels = channels(previous.release, changes.channels(), all, counter);
        String reportUrl = changes.reportUrl() != null ? changes.reportUrl()
                : previous.release == null ? null : previous.release.reportUrl();
        ReleaseMetadata release;
        try {
            release = new ReleaseMetadata(counter, now, now.plus(validity), indexPath, sha256(index), index.length,
                    key.keyId(), channels, reportUrl);
        } catch (IllegalArgumentException e) {
            throw refused(withoutPeriod(e.getMessage()));
        }
        byte[] releaseFile = ReleaseTrust.write(release, key);

        // everything is checked: the JARs and the index appear first, the release last
        for (Map.Entry<Path, Path> rename : renames.entrySet()) {
            DurableFiles.linkOrCopy(rename.getKey(), rename.getValue(), target);
        }
        DurableFiles.replace(target.resolve(indexPath), target, index);
        DurableFiles.replace(target.resolve(RELEASE), target, releaseFile, laterThanPrevious(target.resolve(RELEASE)));
        DurableFiles.replace(target.resolve(INDEX), target, index);
        return new Outcome(release, added, already, all.size());
    }

    /**
     * The modification time a new {@code release.json} gets: now, but at least a whole second after the one it
     * replaces. Static servers make their validators from the time in seconds and the size (nginx's ETag and
     * Last-Modified), and a release that only moves a channel keeps the size: two published within one second
     * would look unchanged to a device's conditional request, which would then miss the second (a withdrawal).
     */
    static FileTime laterThanPrevious(Path release) throws IOException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        if (Files.isRegularFile(release)) {
            Instant next = Files.getLastModifiedTime(release).toInstant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
            if (next.isAfter(now)) {
                return FileTime.from(next);
            }
        }
        return FileTime.from(now);
    }

    /**
     * The previous release's channels with those named now replacing them, each checked against the
     * new index: a device must be able to take what its channel names from this very release.
     */
    private List<Channel> channels(ReleaseMetadata previous, List<Channel> named, List<RemoteIndexEntry> index, long counter)
            throws RepositoryException {
        Map<String, Channel> channels = new TreeMap<>();
        if (previous != null) {
            previous.channels().forEach(channel -> channels.put(channel.name(), channel));
        }
        named.forEach(channel -> channels.put(channel.name(), channel));
        for (Channel channel : channels.values()) {
            // both are canonical OSGi version texts, so equal texts are equal versions
            List<String> held = index.stream().filter(e -> e.symbolicName().equals(channel.symbolicName()))
                    .map(e -> e.version().toString()).toList();
            if (!held.contains(channel.version())) {
                throw refused("Channel " + channel.name() + " is refused: the index of release " + counter + " holds no "
                        + channel.symbolicName() + " " + channel.version()
                        + (held.isEmpty() ? " nor any other version of it" : " (it holds " + String.join(", ", held) + ")"));
            }
        }
        return List.copyOf(channels.values());
    }

    private record Previous(ReleaseMetadata release, List<RemoteIndexEntry> entries) {
    }

    private Previous previous() throws RepositoryException, IOException {
        Path releaseFile = target.resolve(RELEASE);
        if (!Files.exists(releaseFile)) {
            Path index = target.resolve(INDEX);
            if (!Files.exists(index)) {
                return new Previous(null, List.of());
            }
            try (InputStream in = Files.newInputStream(index)) {
                return new Previous(null, RemoteIndexReader.read(in, index.toString()));
            } catch (TrustException e) {
                throw refused(withoutPeriod(e.getMessage()));
            }
        }
        try {
            byte[] bytes;
            try (InputStream in = Files.newInputStream(releaseFile)) {
                bytes = in.readNBytes(ReleaseTrust.MAX_RELEASE_BYTES + 1);
            }
            ReleaseMetadata release = ReleaseTrust.verifySignature(bytes, List.of(key.publicOnly()));
            Path index = target.resolve(release.indexPath());
            if (!Files.exists(index)) {
                throw refused("The release " + release.counter() + " in " + target + " is refused: its index "
                        + release.indexPath() + " is missing");
            }
            ReleaseTrust.checkIndex(release, DurableFiles.hash(index));
            try (InputStream in = Files.newInputStream(index)) {
                return new Previous(release, RemoteIndexReader.read(in, index.toString()));
            }
        } catch (TrustException e) {
            throw refused(withoutPeriod(e.getMessage()));
        }
    }

    private static List<Path> jars(List<Path> inputs) throws RepositoryException, IOException {
        List<Path> jars = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> files = Files.walk(input)) {
                    files.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jar"))
                            .sorted().forEach(jars::add);
                }
            } else if (Files.isRegularFile(input)) {
                jars.add(input);
            } else {
                throw new RepositoryException("Nothing was published: " + input + " is neither a JAR nor a directory.");
            }
        }
        if (jars.isEmpty() && !inputs.isEmpty()) {
            throw new RepositoryException("Nothing was published: " + inputs + " holds no JAR.");
        }
        return jars;
    }

    private static RemoteIndexEntry entry(PackageRecord record, DurableFiles.Content content, String url) {
        List<CapReqRecord> capabilities = new ArrayList<>(record.capabilities());
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("osgi.content", content.sha256());
        attributes.put("url", url);
        attributes.put("size", content.size());
        attributes.put("mime", "application/vnd.osgi.bundle");
        capabilities.add(new CapReqRecord("osgi.content", attributes, Map.of()));
        String type = "osgi.bundle";
        for (CapReqRecord capability : capabilities) {
            if (capability.namespace().equals("osgi.identity") && capability.attributes().get("type") instanceof String t) {
                type = t;
                break;
            }
        }
        return new RemoteIndexEntry(record.info().id().symbolicName(), record.info().id().version(), type,
                content.sha256(), content.size(), url, capabilities, record.requirements());
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JDK has no SHA-256", e);
        }
    }

    private static String identity(RemoteIndexEntry entry) {
        return entry.symbolicName() + " " + entry.version();
    }

    private Path temporary() {
        Path path = target.resolve(JARS).resolve("." + TemporaryNames.next() + ".part");
        temporaries.add(path);
        return path;
    }

    private void deleteTemporaries() {
        for (Path path : temporaries) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // a leftover hidden .part file is harmless and never referenced
            }
        }
        DurableFiles.deleteIfEmpty(target.resolve(JARS));
        if (!targetExisted) {
            DurableFiles.deleteIfEmpty(target);
        }
    }

    private RepositoryException refused(String sentence) {
        return new RepositoryException(sentence + "; nothing was changed in " + target + ".");
    }

    private static String withoutPeriod(String sentence) {
        return sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
    }
}
