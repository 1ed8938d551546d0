package gtach.provisioning.repository.internal;

import org.osgi.service.log.Logger;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the truth, {@code packages/<symbolic-name>/<version>/package.json}, directly from the
 * directory tree: to rebuild a missing or stale index and for verify. A package whose
 * {@code package.json} cannot be read is skipped with a warning, never deleted; verify reports it.
 */
final class DirectoryScan {


    private DirectoryScan() {
    }

    /** A version directory under {@code packages/}, named by its two path segments. */
    record PackageDirectory(Path path, String symbolicName, String version) {

        @Override
        public String toString() {
            return symbolicName + " " + version;
        }
    }

    /** Every {@code packages/<name>/<version>} directory, in no particular order. */
    static List<PackageDirectory> list(StoreLayout layout, Logger log) throws IOException {
        List<PackageDirectory> found = new ArrayList<>();
        if (!Files.isDirectory(layout.packages())) {
            return found;
        }
        try (DirectoryStream<Path> names = Files.newDirectoryStream(layout.packages(), Files::isDirectory)) {
            for (Path name : names) {
                String symbolicName = name.getFileName().toString();
                Optional<String> problem = SafeNames.symbolicNameProblem(symbolicName);
                if (problem.isPresent()) {
                    log.warn("Ignoring {}: its name is not a safe symbolic name ({}).", name, problem.get());
                    continue;
                }
                try (DirectoryStream<Path> versions = Files.newDirectoryStream(name, Files::isDirectory)) {
                    for (Path version : versions) {
                        found.add(new PackageDirectory(version, symbolicName, version.getFileName().toString()));
                    }
                }
            }
        }
        return found;
    }

    /**
     * Reads a package directory's {@code package.json} and checks that it describes the package
     * the directory names.
     */
    static PackageRecord read(PackageDirectory directory) throws IOException {
        PackageRecord record = MetadataFormat.readPackage(directory.path().resolve(StoreLayout.METADATA_FILE));
        if (!record.info().id().symbolicName().equals(directory.symbolicName())
                || !record.info().id().version().toString().equals(directory.version())) {
            throw new MalformedMetadataException("it describes " + record.info().id() + " but lies in the directory of "
                    + directory);
        }
        return record;
    }

    /**
     * An index of every readable package, as of a generation, after finishing any rebuild a crash left
     * half in place. Reads package files in parallel; the caller holds the repository lock.
     */
    static PackageIndex rebuild(StoreLayout layout, long generation, Logger log) throws IOException {
        long started = System.nanoTime();
        List<PackageDirectory> directories = list(layout, log);
        List<PackageRecord> records = directories.parallelStream()
                .map(directory -> readOrSkip(directory, log))
                .filter(Objects::nonNull)
                .toList();
        Interner interner = new Interner();
        List<IndexEntry> entries = new ArrayList<>(records.size());
        for (PackageRecord record : records) {
            entries.add(IndexEntry.of(record, interner));
        }
        PackageIndex index = PackageIndex.of(generation, entries);
        // An empty repository is the normal first start, not news.
        if (index.size() > 0) {
            log.info("Rebuilt the index of {} from {} package directories in {} ms: {} packages.", layout.root(),
                    directories.size(), (System.nanoTime() - started) / 1_000_000, index.size());
        }
        return index;
    }

    private static PackageRecord readOrSkip(PackageDirectory directory, Logger log) {
        try {
            // a rebuild of the index follows every crash of a writer: the place to finish its swap
            if (PackageReplacement.finish(directory.path())) {
                log.warn("Finished putting a rebuild of {} in place, which a crash had interrupted.", directory);
            }
            return read(directory);
        } catch (IOException e) {
            // skipped, never deleted: verify reports and quarantines it
            log.warn(damaged(directory, e));
            return null;
        }
    }

    /** What an operator reads about a package whose package.json cannot be used, and what to do. */
    static String damaged(PackageDirectory directory, IOException e) {
        return "The package " + directory + " is damaged: its " + directory.path().resolve(StoreLayout.METADATA_FILE)
                + " is unusable (" + e.getMessage() + "), so the repository leaves it out until gtach:verify moves it"
                + " to quarantine and its original JAR is stored again with gtach:add; its bundle.jar is kept.";
    }
}
