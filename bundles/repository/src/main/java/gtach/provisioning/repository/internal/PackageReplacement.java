package gtach.provisioning.repository.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Puts another build of a package in place of the one in its version directory, so that a crash at
 * any instant leaves one of the two whole: the new {@code bundle.jar} and {@code package.json} are
 * first renamed in beside the old ones with a {@code .new} suffix, then over them, JAR first.
 * {@code package.json.new} is the mark that the swap was decided: {@link #finish} completes a swap
 * it finds, and drops a lone {@code bundle.jar.new}, which no swap got past.
 * <p>
 * Callers hold the repository lock and have bumped its generation, so that a crash sends the next
 * reader to a rebuild of the index, which calls {@link #finish} first.
 */
final class PackageReplacement {

    private static final String NEW_BUNDLE = StoreLayout.BUNDLE_FILE + StoreLayout.NEW_SUFFIX;
    private static final String NEW_METADATA = StoreLayout.METADATA_FILE + StoreLayout.NEW_SUFFIX;

    private PackageReplacement() {
    }

    /**
     * Moves {@code bundle.jar} and {@code package.json} of {@code source} (forced to disk already)
     * over those of {@code target}; {@code source} is left empty.
     */
    static void swap(Path source, Path target) throws IOException {
        DurableFiles.rename(source.resolve(StoreLayout.BUNDLE_FILE), target.resolve(NEW_BUNDLE));
        DurableFiles.rename(source.resolve(StoreLayout.METADATA_FILE), target.resolve(NEW_METADATA));
        DurableFiles.forceDirectory(target);
        DurableFiles.rename(target.resolve(NEW_BUNDLE), target.resolve(StoreLayout.BUNDLE_FILE));
        DurableFiles.rename(target.resolve(NEW_METADATA), target.resolve(StoreLayout.METADATA_FILE));
        DurableFiles.forceDirectory(target);
        DurableFiles.forceDirectory(source);
    }

    /**
     * Completes or drops a swap a crash interrupted in a version directory.
     *
     * @return whether there was one
     */
    static boolean finish(Path directory) throws IOException {
        Path newBundle = directory.resolve(NEW_BUNDLE);
        Path newMetadata = directory.resolve(NEW_METADATA);
        if (Files.exists(newMetadata)) {
            if (Files.exists(newBundle)) {
                DurableFiles.rename(newBundle, directory.resolve(StoreLayout.BUNDLE_FILE));
            }
            DurableFiles.rename(newMetadata, directory.resolve(StoreLayout.METADATA_FILE));
            DurableFiles.forceDirectory(directory);
            return true;
        }
        if (Files.deleteIfExists(newBundle)) {
            DurableFiles.forceDirectory(directory);
            return true;
        }
        return false;
    }
}
