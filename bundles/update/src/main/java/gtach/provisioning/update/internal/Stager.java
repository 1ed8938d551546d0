package gtach.provisioning.update.internal;

import gtach.provisioning.repository.PackageRepository;
import org.osgi.framework.Version;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Copies a stored JAR into the transaction directory while hashing it, and refuses it when the
 * hash is not the one the plan expects: what is installed is exactly what was checked. The JAR is
 * asked for by its hash, so that a build a rebuild superseded is found where the repository keeps it. The copy is
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
        Path staged = dir.resolve(bundle.symbolicName() + "-" + bundle.id().version() + ".jar");
        try {
            Files.createDirectories(dir);
            String actual = copy(bundle, staged);
            if (!actual.equals(bundle.sha256())) {
                // a rebuild of an unreleased package may have replaced the stored build meanwhile: ask again
                actual = copy(bundle, staged);
            }
            if (!actual.equals(bundle.sha256())) {
                throw new ApplyFailure("the stored JAR of " + bundle + " does not match its SHA-256 (expected "
                        + bundle.sha256() + ", found " + actual + "); gtach:verify quarantines it");
            }
            checkManifest(bundle, staged);
            return staged;
        } catch (IOException e) {
            throw new ApplyFailure("the JAR of " + bundle + " could not be staged: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where the repository keeps the build the target names. */
    private Path source(TargetBundle bundle) throws ApplyFailure {
        try {
            return packages.bundleFile(bundle.id(), bundle.sha256());
        } catch (IllegalArgumentException e) {
            if (packages.get(bundle.symbolicName(), bundle.id().version().toString()).isPresent()) {
                throw new ApplyFailure("the build " + bundle.sha256().substring(0, 12) + "… of " + bundle
                        + " is no longer in the repository (a rebuild replaced it)");
            }
            throw new ApplyFailure("the package " + bundle + " is no longer in the repository");
        }
    }

    /** Copies the build the target names out of the repository, answering the copy's SHA-256. */
    private String copy(TargetBundle bundle, Path staged) throws ApplyFailure, IOException, NoSuchAlgorithmException {
        Path source = source(bundle);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(source), digest);
                OutputStream out = Files.newOutputStream(staged)) {
            in.transferTo(out);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * A JAR swapped together with its metadata passes the hash check: its manifest must name the
     * package the plan asked for, or the wrong bundle would be installed under that name.
     */
    private static void checkManifest(TargetBundle bundle, Path staged) throws ApplyFailure, IOException {
        Manifest manifest;
        try (JarFile jar = new JarFile(staged.toFile())) {
            manifest = jar.getManifest();
        }
        Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
        String name = main.getValue("Bundle-SymbolicName");
        String version = main.getValue("Bundle-Version");
        String declared = (name == null ? "no Bundle-SymbolicName" : name.split(";", 2)[0].trim()) + " "
                + (version == null ? "0.0.0" : version.trim());
        boolean matches;
        try {
            matches = name != null && name.split(";", 2)[0].trim().equals(bundle.symbolicName())
                    && Version.parseVersion(version == null ? "0.0.0" : version.trim()).equals(bundle.id().version());
        } catch (IllegalArgumentException e) {
            matches = false;
        }
        if (!matches) {
            throw new ApplyFailure("the stored JAR of " + bundle + " is " + declared
                    + " by its manifest; gtach:verify quarantines it");
        }
    }
}
