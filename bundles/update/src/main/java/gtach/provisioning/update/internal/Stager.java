package gtach.provisioning.update.internal;

import gtach.provisioning.repository.PackageRepository;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Copies a stored JAR into the transaction directory while hashing it, and refuses it when the
 * hash is not the one the plan expects: what is installed is exactly what was checked. The copy is
 * not synced: only this attempt reads it, and recovery after a crash reads the repository.
 */
final class Stager {

    private final PackageRepository packages;
    private final Path dir;

    Stager(PackageRepository packages, Path dir) {
        this.packages = packages;
        this.dir = dir;
    }

    Path stage(TargetBundle bundle) throws ApplyFailure {
        Path source;
        try {
            source = packages.bundleFile(bundle.id());
        } catch (IllegalArgumentException e) {
            throw new ApplyFailure("the package " + bundle + " is no longer in the repository");
        }
        Path staged = dir.resolve(bundle.symbolicName() + "-" + bundle.id().version() + ".jar");
        try {
            Files.createDirectories(dir);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(source), digest);
                    OutputStream out = Files.newOutputStream(staged)) {
                in.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(bundle.sha256())) {
                throw new ApplyFailure("the stored JAR of " + bundle + " does not match its SHA-256 (expected "
                        + bundle.sha256() + ", found " + actual + "); gtach:verify quarantines it");
            }
            return staged;
        } catch (IOException e) {
            throw new ApplyFailure("the JAR of " + bundle + " could not be staged: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
