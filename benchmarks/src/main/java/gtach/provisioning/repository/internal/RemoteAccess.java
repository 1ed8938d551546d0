package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.RepositoryException;
import org.osgi.service.repository.Repository;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The remote-repository code the benchmarks measure, reached from the benchmarks' own package:
 * the publisher, the fetch that {@code gtach:fetch} runs, the planning candidates built from what
 * it kept, the HTTP download that {@code gtach:add <url>} runs, and the download of a remote's JAR
 * that {@code gtach:install} runs. Nothing here does work of its own.
 */
public final class RemoteAccess {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final SigningKey key;

    private RemoteAccess(SigningKey key) {
        this.key = key;
    }

    /** The key kept in {@code file}, made and written there first when there is none. */
    public static RemoteAccess keyIn(Path file) throws Exception {
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.write(file, SigningKey.generate().privateFile());
        }
        return new RemoteAccess(SigningKey.read(file, true));
    }

    /** Publishes the JARs in {@code jars} (a directory) to {@code site}, signed, valid for 30 days. */
    public void publish(Path jars, Path site) throws RepositoryException {
        Publisher.publish(List.of(jars), site, key, Duration.ofDays(30), Instant.now());
    }

    /**
     * What {@code gtach:fetch} does for a published remote: release metadata (conditional when one is
     * kept), signature, counter and expiry, then the index it signs, hashed and parsed.
     *
     * @return the verified release and the parsed index entries
     */
    public Object fetch(URI base, Path repositoryRoot) throws RepositoryException {
        return RemoteFetch.fetch("bench", base, key.publicOnly(), false, repositoryRoot, Instant.now(), TIMEOUT);
    }

    /** Writes the public half of the key, as {@code gtach keygen} writes it, for {@code RemoteRepositories.add}. */
    public void writePublicKey(Path file) throws Exception {
        Files.write(file, key.publicOnly().publicFile());
    }

    /**
     * What {@code RemoteRepositories.candidates()} builds for one remote when nothing is cached: the
     * release and index kept by a {@link #fetch} into {@code repositoryRoot} read back and verified,
     * then the lookup over their entries. The Config Admin reads that precede it are left out.
     */
    public Repository storedCandidates(URI base, Path repositoryRoot) throws RepositoryException {
        RemoteFetch.Fetched fetched = RemoteFetch.stored(repositoryRoot, "bench", key.publicOnly())
                .orElseThrow(() -> new IllegalStateException("Nothing fetched into " + repositoryRoot));
        return candidates(fetched, base);
    }

    /** The candidates lookup over the entries a {@link #fetch} returned, as {@code candidates()} builds it. */
    public static Repository candidates(Object fetched, URI base) {
        return new RemoteCandidates(List.of(new RemoteCandidates.Source("bench", RemoteFetch.base(base),
                ((RemoteFetch.Fetched) fetched).entries())));
    }

    /** The number of resources of a {@link #candidates} lookup. */
    public static int size(Repository candidates) {
        return ((RemoteCandidates) candidates).size();
    }

    /** The number of index entries a {@link #fetch} returned. */
    public static int entries(Object fetched) {
        return ((RemoteFetch.Fetched) fetched).entries().size();
    }

    /**
     * The download of the first entry of the index a {@link #fetch} returned, as {@code gtach:install}
     * makes it from remote {@code bench} at {@code base}.
     */
    public static SignedDownloader signedDownloader(URI base, Object fetched) {
        return new SignedDownloader(base, ((RemoteFetch.Fetched) fetched).entries().get(0));
    }

    /**
     * One download of a signed index entry: streamed into a partial file and hashed on the way,
     * forced to disk, checked against the entry's SHA-256 and size, renamed to its target.
     */
    public static final class SignedDownloader {
        private final URI base;
        private final RemoteIndexEntry entry;

        private SignedDownloader(URI base, RemoteIndexEntry entry) {
            this.base = base;
            this.entry = entry;
        }

        /** Where the entry's JAR is served. */
        public URI url() {
            return RemoteFetch.base(base).resolve(entry.url());
        }

        /** The entry's signed size. */
        public long size() {
            return entry.size();
        }

        public void download(Path target) throws RepositoryException {
            RemoteFetch.download("bench", base, entry, target, TIMEOUT);
        }
    }

    /** The downloader of {@code gtach:add <url>}, keeping partial files in {@code partials}. */
    public static Downloader downloader(Path partials) {
        return new Downloader(new HttpFetcher(DownloadTimeouts.DEFAULT, partials, SilentLogger.INSTANCE));
    }

    /** One HTTP download as the repository makes it: streamed to a file and hashed on the way, then forced to disk. */
    public static final class Downloader {
        private final HttpFetcher fetcher;

        private Downloader(HttpFetcher fetcher) {
            this.fetcher = fetcher;
        }

        /** @return the SHA-256 of what arrived */
        public String download(URI url, Path target) throws Exception {
            return fetcher.download(url, target, Long.MAX_VALUE, progress -> { }).sha256();
        }
    }
}
