package gtach.provisioning.update.internal;

import org.osgi.framework.Bundle;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JAR the framework itself holds for a bundle, and its SHA-256: what really runs, whatever the
 * generation files say. Felix keeps each revision as {@code bundle<id>/version<refresh>.<revision>/bundle.jar}
 * beside the bundle's data area; another framework, or a bundle installed by reference, has none to
 * find, and is then not compared by content. Hashes are remembered by file, size and time, so a
 * status or a request does not read every JAR again.
 */
final class CachedJars {

    private record Key(Path file, long size, long modified) {
    }

    private final Map<Key, String> hashes = new ConcurrentHashMap<>();

    /** The current revision's JAR in the framework cache, if the framework keeps one there. */
    static Optional<Path> jarOf(Bundle bundle) {
        File data = bundle.getDataFile("");
        if (data == null) {
            return Optional.empty();
        }
        Path dir = data.toPath().getParent();
        Path newest = null;
        long newestOrder = -1;
        try (DirectoryStream<Path> revisions = Files.newDirectoryStream(dir, "version*")) {
            for (Path revision : revisions) {
                long order = orderOf(revision.getFileName().toString());
                if (order > newestOrder) {
                    newestOrder = order;
                    newest = revision;
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        if (newest == null) {
            return Optional.empty();
        }
        Path jar = newest.resolve("bundle.jar");
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    }

    /** {@code version<refresh>.<revision>} as one number that orders them; -1 for other names. */
    private static long orderOf(String name) {
        String digits = name.substring("version".length());
        int dot = digits.indexOf('.');
        try {
            return dot < 0 ? -1 : Long.parseLong(digits.substring(0, dot)) * 1_000_000L + Long.parseLong(digits.substring(dot + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The SHA-256 of the JAR the framework holds for a bundle; empty when it keeps none to read.
     *
     * @throws IOException when the JAR is there but cannot be read
     */
    Optional<String> sha256(Bundle bundle) throws IOException {
        Optional<Path> jar = jarOf(bundle);
        if (jar.isEmpty()) {
            return Optional.empty();
        }
        BasicFileAttributes attributes = Files.readAttributes(jar.get(), BasicFileAttributes.class);
        Key key = new Key(jar.get(), attributes.size(), attributes.lastModifiedTime().toMillis());
        String known = hashes.get(key);
        if (known == null) {
            known = hash(jar.get());
            hashes.put(key, known);
        }
        return Optional.of(known);
    }

    private static String hash(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
