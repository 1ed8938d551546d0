package gtach.provisioning.repository.internal;

import gtach.provisioning.version.VersionOrder;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A Maven repository reached over {@code https} (or {@code http} on loopback): resolves
 * {@code mvn:} requests, choosing a range's or {@code LATEST}'s version from the artifact's
 * {@code maven-metadata.xml}, and downloads the JAR only when a {@code .sha256} (else {@code .sha1})
 * file beside it names the bytes that arrived. A {@code -SNAPSHOT} version is the newest timestamped file
 * its version-level {@code maven-metadata.xml} names; ranges and {@code LATEST} leave SNAPSHOTs out. Thread-safe: it holds no state between calls.
 */
final class MavenRemote {

    private static final long MAX_CHECKSUM_BYTES = 4096;
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

    private final URI base;
    private final HttpFetcher http;

    /**
     * @param base the repository's root, such as {@code https://repo.example.org/maven2/}
     * @throws IllegalArgumentException when it is neither {@code https} nor {@code http} on loopback
     */
    MavenRemote(URI base, HttpFetcher http) {
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        boolean loopback = scheme.equals("http") && base.getHost() != null
                && (base.getHost().equals("127.0.0.1") || base.getHost().equals("localhost") || base.getHost().equals("[::1]"));
        if (!scheme.equals("https") && !loopback) {
            throw new IllegalArgumentException("Cannot use " + base + " as a Maven repository: only https, or http on"
                    + " loopback, is accepted; nothing was changed.");
        }
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.http = http;
    }

    URI base() {
        return base;
    }

    /**
     * Downloads what {@code request} names into {@code target}, whose directory is scratch space
     * the caller deletes, and checks it against the checksum the repository publishes.
     *
     * @return the exact coordinate downloaded
     * @throws HttpFetcher.NotFound when this repository has no such artifact or version
     * @throws Refusal when no version matches, no checksum is published, the checksum differs, or the
     *         metadata cannot be read; {@code target} then does not exist
     * @throws IllegalArgumentException when the repository cannot be reached
     */
    MavenCoordinate download(MavenRequest request, Path target, long maxBytes, Consumer<String> progress)
            throws Refusal, IOException {
        MavenCoordinate coordinate = request.selects() ? request.with(choose(request, target, progress))
                : request.coordinate();
        String fileVersion = coordinate.version().endsWith("-SNAPSHOT") ? snapshotFile(coordinate, target, progress)
                : coordinate.version();
        String file = fileName(coordinate, fileVersion);
        URI jar = base.resolve(groupPath(coordinate) + coordinate.artifactId() + "/" + coordinate.version() + "/" + file);
        // the JAR first, so that a missing one is named as such rather than as missing checksums
        DurableFiles.Content content = http.download(jar, target, maxBytes, progress);
        Checksum expected;
        try {
            expected = checksum(jar, file, target, progress);
        } catch (Refusal | IOException | RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        }
        String actual = expected.algorithm().equals("SHA-256") ? content.sha256() : digest(target, expected.algorithm());
        if (!actual.equalsIgnoreCase(expected.value())) {
            Files.deleteIfExists(target);
            throw new Refusal("the " + expected.algorithm() + " of " + file + " is " + actual + " but " + expected.file()
                    + " says " + expected.value().toLowerCase(Locale.ROOT));
        }
        return coordinate;
    }

    /**
     * Fetches {@code request} from the first of {@code remotes} that has it, in order: a remote
     * without the artifact (HTTP 404) passes it on to the next; any other failure ends the search.
     */
    static JarSource.Fetch firstOf(List<MavenRemote> remotes, MavenRequest request, Consumer<String> progress) {
        return (target, maxBytes) -> {
            List<String> missing = new ArrayList<>();
            HttpFetcher.NotFound last = null;
            for (MavenRemote remote : remotes) {
                try {
                    remote.download(request, target, maxBytes, progress);
                    return DurableFiles.hash(target);
                } catch (HttpFetcher.NotFound e) {
                    last = e;
                    missing.add(remote.base().toString());
                }
            }
            if (missing.size() == 1) {
                throw last;
            }
            throw new IllegalArgumentException("Cannot add " + request + ": none of the Maven remotes ("
                    + String.join(", ", missing) + ") has it; nothing was changed.", last);
        };
    }

    /**
     * The timestamped version a SNAPSHOT's newest file carries ({@code 1.0-20261205.134524-3}), from
     * the version-level {@code maven-metadata.xml}, as Maven 3 deploys it.
     */
    private String snapshotFile(MavenCoordinate coordinate, Path target, Consumer<String> progress)
            throws Refusal, IOException {
        URI url = base.resolve(groupPath(coordinate) + coordinate.artifactId() + "/" + coordinate.version()
                + "/maven-metadata.xml");
        MavenMetadata metadata = metadata(url, target, progress);
        String classifier = coordinate.classifier().orElse("");
        for (MavenMetadata.SnapshotFile snapshot : metadata.snapshotFiles()) {
            if (snapshot.extension().equals(coordinate.type()) && snapshot.classifier().equals(classifier)) {
                return snapshot.value();
            }
        }
        throw new Refusal(url + " names no timestamped ." + coordinate.type() + " file of " + coordinate.version());
    }

    private MavenMetadata metadata(URI url, Path target, Consumer<String> progress) throws Refusal, IOException {
        Path file = target.resolveSibling(target.getFileName() + ".maven-metadata.xml");
        try {
            try {
                http.download(url, file, MavenMetadata.MAX_BYTES, progress);
            } catch (Refusal tooLarge) {
                throw new Refusal(url + " is larger than " + Sizes.describe(MavenMetadata.MAX_BYTES), tooLarge);
            }
            return MavenMetadata.read(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The newest version in {@code maven-metadata.xml} that the request admits, SNAPSHOTs left out. */
    private String choose(MavenRequest request, Path target, Consumer<String> progress) throws Refusal, IOException {
        MavenCoordinate template = request.coordinate();
        URI url = base.resolve(groupPath(template) + template.artifactId() + "/maven-metadata.xml");
        MavenMetadata metadata = metadata(url, target, progress);
        if (request.version().equals(MavenRequest.RELEASE) && metadata.release().isPresent()) {
            return metadata.release().get();
        }
        Optional<VersionRange> range = request.version().equals(MavenRequest.LATEST)
                || request.version().equals(MavenRequest.RELEASE) ? Optional.empty() : Optional.of(range(request));
        Version best = null;
        String chosen = null;
        for (String text : metadata.versions()) {
            if (text.endsWith("-SNAPSHOT")) {
                continue;
            }
            Version version;
            try {
                version = VersionText.parse(text);
            } catch (IllegalArgumentException unreadable) {
                continue;
            }
            if (range.isPresent() && !range.get().includes(version)) {
                continue;
            }
            if (best == null || VersionOrder.compare(version, best) > 0) {
                best = version;
                chosen = text;
            }
        }
        if (chosen == null) {
            throw new Refusal("none of the versions in " + url + " (" + String.join(", ", metadata.versions())
                    + ") matches " + request.version());
        }
        return chosen;
    }

    private static VersionRange range(MavenRequest request) throws Refusal {
        String text = request.version();
        String[] bounds = text.substring(1, text.length() - 1).split(",", -1);
        try {
            if (bounds[1].isEmpty()) {
                // Maven's [1.0,) is OSGi's 1.0; an exclusive open floor is rare enough to refuse
                if (text.startsWith("(") || bounds[0].isEmpty()) {
                    throw new Refusal("the range " + text + " has no lower bound it includes");
                }
                return new VersionRange(VersionRange.LEFT_CLOSED, VersionText.parse(bounds[0]), null, VersionRange.RIGHT_OPEN);
            }
            Version floor = bounds[0].isEmpty() ? Version.emptyVersion : VersionText.parse(bounds[0]);
            char left = bounds[0].isEmpty() ? VersionRange.LEFT_CLOSED : text.charAt(0);
            return new VersionRange(left, floor, VersionText.parse(bounds[1]), text.charAt(text.length() - 1));
        } catch (IllegalArgumentException e) {
            throw new Refusal("the range " + text + " is not a valid version range", e);
        }
    }

    /** The published {@code .sha256}, else the {@code .sha1}, of {@code jar}. */
    private Checksum checksum(URI jar, String file, Path target, Consumer<String> progress) throws Refusal, IOException {
        for (String[] kind : new String[][] {{"sha256", "SHA-256", "64"}, {"sha1", "SHA-1", "40"}}) {
            String name = file + "." + kind[0];
            Path scratch = target.resolveSibling(target.getFileName() + "." + kind[0]);
            try {
                try {
                    http.download(URI.create(jar + "." + kind[0]), scratch, MAX_CHECKSUM_BYTES, progress);
                } catch (Refusal tooLarge) {
                    throw new Refusal(name + " is larger than " + Sizes.describe(MAX_CHECKSUM_BYTES), tooLarge);
                }
                String text = Files.readString(scratch, StandardCharsets.US_ASCII).trim();
                // sha1sum's format puts the file name after the hash
                String value = text.isEmpty() ? "" : text.split("\\s+")[0];
                if (value.length() != Integer.parseInt(kind[2]) || !HEX.matcher(value).matches()) {
                    throw new Refusal(name + " does not hold a " + kind[1] + " hash");
                }
                return new Checksum(kind[1], name, value);
            } catch (HttpFetcher.NotFound e) {
                // the next kind, if any
            } finally {
                Files.deleteIfExists(scratch);
            }
        }
        throw new Refusal("the Maven repository publishes neither " + file + ".sha256 nor " + file
                + ".sha1, so it cannot be verified");
    }

    private record Checksum(String algorithm, String file, String value) {
    }

    private static String digest(Path file, String algorithm) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String groupPath(MavenCoordinate coordinate) {
        return coordinate.groupId().replace('.', '/') + "/";
    }

    private static String fileName(MavenCoordinate coordinate, String fileVersion) {
        return coordinate.artifactId() + "-" + fileVersion
                + coordinate.classifier().map(name -> "-" + name).orElse("") + "." + coordinate.type();
    }
}
