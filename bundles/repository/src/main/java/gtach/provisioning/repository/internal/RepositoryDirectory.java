package gtach.provisioning.repository.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes sure a repository directory can work before anything is read from it: it is (or can be
 * made) a directory with its subdirectories, readable and writable. A path that cannot work is
 * reported in one sentence fragment naming what is wrong, rather than by whichever file operation
 * happens to fail first, or by the first write long after opening, on a read-only file system.
 */
final class RepositoryDirectory {

    private RepositoryDirectory() {
    }

    /** Why the directory cannot hold a repository. */
    static final class Unusable extends IOException {

        private static final long serialVersionUID = 1L;

        Unusable(String reason, IOException cause) {
            super(reason, cause);
        }
    }

    /** Creates the layout's directories and proves it writable with a temporary file. */
    static void prepare(StoreLayout layout) throws Unusable {
        Path root = layout.root();
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new Unusable("it is a file, not a directory", null);
        }
        for (Path directory : List.of(root, layout.packages(), layout.tmp(), layout.quarantine(), layout.inUse())) {
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new Unusable("the directory cannot be created (" + IoErrorText.describe(e) + ")", e);
            }
        }
        if (!Files.isReadable(root) || !Files.isReadable(layout.packages())) {
            throw new Unusable("the directory cannot be read (permission denied)", null);
        }
        // Files.isWritable says yes to root on a read-only file system: only a write tells
        Path probe = layout.tmp().resolve(TemporaryNames.next());
        try {
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            throw new Unusable("the directory cannot be written (" + IoErrorText.describe(e) + ")", e);
        }
    }
}
