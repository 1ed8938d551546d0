package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.VerifyReport;
import org.osgi.framework.Version;
import org.osgi.service.log.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Re-hashes every stored package and moves corrupt ones to {@code quarantine/}, never deleting
 * them. The hashing, which reads every byte of the repository, runs without the lock; only the
 * packages found corrupt are checked again under the lock before they are moved, so writers wait
 * for the quarantine only. The index is corrected on the way: quarantined packages leave it,
 * readable packages it missed join it.
 */
final class PackageVerifier {

    private final StoreLayout layout;
    private final LiveIndex index;
    private final QuarantineArea quarantine;
    private final Logger log;

    PackageVerifier(StoreLayout layout, LiveIndex index, QuarantineArea quarantine, Logger log) {
        this.layout = layout;
        this.index = index;
        this.quarantine = quarantine;
        this.log = log;
    }

    /** The outcome of checking one package directory: its record when sound, else what is wrong. */
    private record Check(DirectoryScan.PackageDirectory directory, Optional<PackageRecord> record, Optional<String> problem) {
    }

    VerifyReport verify() throws IOException {
        List<DirectoryScan.PackageDirectory> directories = DirectoryScan.list(layout, log);
        List<Check> checks = directories.parallelStream().map(PackageVerifier::check).toList();
        return index.write(transaction -> {
            List<VerifyReport.Quarantined> quarantined = new ArrayList<>();
            for (Check check : checks) {
                // another writer may have changed the package since: judge what is there now
                Check now = check.problem().isPresent() ? check(check.directory()) : check;
                if (now.problem().isPresent()) {
                    quarantine(transaction, now).ifPresent(quarantined::add);
                } else if (now.record().isPresent()) {
                    include(transaction, now);
                }
            }
            dropVanished(transaction);
            if (!quarantined.isEmpty()) {
                log.warn("Verify quarantined {} of {} packages in {}.", quarantined.size(), directories.size(), layout.root());
            }
            return new VerifyReport(directories.size(), quarantined);
        });
    }

    private static Check check(DirectoryScan.PackageDirectory directory) {
        PackageRecord record;
        try {
            record = DirectoryScan.read(directory);
        } catch (NoSuchFileException e) {
            if (!Files.isDirectory(directory.path())) {
                return new Check(directory, Optional.empty(), Optional.empty());
            }
            return problem(directory, "package.json is missing");
        } catch (IOException e) {
            return problem(directory, "package.json is unreadable (" + e.getMessage() + ")");
        }
        Path bundle = directory.path().resolve(StoreLayout.BUNDLE_FILE);
        DurableFiles.Content content;
        try {
            content = DurableFiles.hash(bundle);
        } catch (NoSuchFileException e) {
            return problem(directory, "bundle.jar is missing");
        } catch (IOException e) {
            return problem(directory, "bundle.jar is unreadable (" + e.getMessage() + ")");
        }
        if (!content.sha256().equals(record.info().sha256())) {
            return problem(directory, "bundle.jar does not match its recorded sha256 (recorded "
                    + record.info().sha256().substring(0, 12) + "…, found " + content.sha256().substring(0, 12) + "…)");
        }
        if (content.size() != record.info().size()) {
            return problem(directory, "bundle.jar is " + content.size() + " bytes, not the recorded " + record.info().size());
        }
        // a JAR and package.json swapped together pass the hash check: the manifest tells what the JAR is
        PackageId declared;
        try {
            declared = BundleReader.identity(bundle);
        } catch (Refusal e) {
            return problem(directory, "bundle.jar is no readable bundle (" + e.getMessage() + ")");
        } catch (IOException e) {
            return problem(directory, "bundle.jar is unreadable (" + e.getMessage() + ")");
        }
        if (!declared.equals(record.info().id())) {
            return problem(directory, "bundle.jar is " + declared + " by its manifest, not " + record.info().id());
        }
        return new Check(directory, Optional.of(record), Optional.empty());
    }

    private static Check problem(DirectoryScan.PackageDirectory directory, String problem) {
        return new Check(directory, Optional.empty(), Optional.of(problem));
    }

    private Optional<VerifyReport.Quarantined> quarantine(WriteTransaction transaction, Check check) throws IOException {
        DirectoryScan.PackageDirectory directory = check.directory();
        Version version;
        try {
            version = Version.parseVersion(directory.version());
        } catch (IllegalArgumentException e) {
            log.warn("Leaving {} in place: {} is not a version, so it is no package the repository stored.",
                    directory.path(), directory.version());
            return Optional.empty();
        }
        PackageId id = new PackageId(directory.symbolicName(), version);
        String reason = check.problem().orElseThrow();
        transaction.begin();
        Path target = quarantine.move(directory, reason);
        transaction.remove(id);
        DurableFiles.deleteIfEmpty(layout.nameDirectory(directory.symbolicName()));
        log.warn("Quarantined {}: {}; its files are now in {}.", id, reason, target);
        return Optional.of(new VerifyReport.Quarantined(id, reason, target));
    }

    /** A sound package the index lacks or describes differently joins it: package.json is the truth. */
    private void include(WriteTransaction transaction, Check check) throws IOException {
        PackageRecord record = check.record().orElseThrow();
        Optional<IndexEntry> indexed = transaction.get(record.info().id());
        if (indexed.isPresent() && indexed.get().info().equals(record.info())) {
            return;
        }
        // read again under the lock, in case a writer replaced it since it was hashed
        PackageRecord current = DirectoryScan.read(check.directory());
        transaction.begin();
        transaction.put(IndexEntry.of(current, new Interner()));
        log.warn("Verify added {} to the index, which {}.", current.info().id(),
                indexed.isPresent() ? "described it differently" : "lacked it");
    }

    /** Indexed packages whose directory is gone leave the index. */
    private void dropVanished(WriteTransaction transaction) throws IOException {
        for (IndexEntry entry : transaction.base().entries()) {
            if (transaction.get(entry.id()).isPresent() && !Files.isDirectory(layout.packageDirectory(entry.id()))) {
                transaction.begin();
                transaction.remove(entry.id());
                log.warn("Verify removed {} from the index: its directory is gone.", entry.id());
            }
        }
    }
}
