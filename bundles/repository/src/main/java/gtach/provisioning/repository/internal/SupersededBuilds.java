package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.PackageId;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The builds an unreleased package had before rebuilds replaced it, kept under its version
 * directory as {@code builds/<sha256>.jar} while an owner uses them (a generation that ran one can
 * be returned to), and deleted once nobody does. They are no packages of their own: the index does
 * not know them, and only {@link gtach.provisioning.repository.PackageRepository#bundleFile(gtach.provisioning.repository.PackageId, String)}
 * finds them, by hash. Writers hold the repository lock.
 */
final class SupersededBuilds {

    private static final String SUFFIX = ".jar";

    private final StoreLayout layout;

    SupersededBuilds(StoreLayout layout) {
        this.layout = layout;
    }

    /** A kept build's JAR, if it is there. */
    Optional<Path> find(PackageId id, String sha256) {
        if (!MetadataFormat.isSha256(sha256)) {
            return Optional.empty();
        }
        Path file = layout.buildFile(id, sha256);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /**
     * Keeps the package's current {@code bundle.jar} as the build with that hash.
     *
     * @return the file, when this call made it; empty when the build was kept already
     */
    Optional<Path> keep(PackageId id, String sha256) throws IOException {
        Path directory = layout.buildsDirectory(id);
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
            DurableFiles.forceDirectory(directory.getParent());
        }
        Path target = layout.buildFile(id, sha256);
        if (Files.exists(target)) {
            return Optional.empty();
        }
        try {
            DurableFiles.linkOrCopy(layout.bundleFile(id), target, layout.tmp());
        } catch (FileAlreadyExistsException e) {
            return Optional.empty();
        }
        return Optional.of(target);
    }

    /** The hashes of the builds kept for a package. */
    List<String> kept(PackageId id) throws IOException {
        List<String> hashes = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(layout.buildsDirectory(id), "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                hashes.add(name.substring(0, name.length() - SUFFIX.length()));
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return hashes;
    }

    /**
     * Deletes the kept builds of a package that are not needed, and the builds directory once empty.
     *
     * @return the hashes of the builds deleted
     */
    List<String> prune(PackageId id, Predicate<String> needed) throws IOException {
        List<String> deleted = new ArrayList<>();
        for (String sha256 : kept(id)) {
            if (!needed.test(sha256)) {
                Files.deleteIfExists(layout.buildsDirectory(id).resolve(sha256 + SUFFIX));
                deleted.add(sha256);
            }
        }
        if (!deleted.isEmpty()) {
            DurableFiles.forceDirectory(layout.buildsDirectory(id));
            DurableFiles.deleteIfEmpty(layout.buildsDirectory(id));
        }
        return deleted;
    }
}
