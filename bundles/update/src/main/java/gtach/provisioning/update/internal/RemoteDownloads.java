package gtach.provisioning.update.internal;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.remote.RemotePackage;
import gtach.provisioning.repository.remote.RemoteRepositories;
import gtach.provisioning.update.DownloadFailedException;
import gtach.provisioning.update.UpdateRefusedException;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Downloads the packages a plan picked from fetched remotes into the local repository (verified
 * by the remote repositories service against the signed index), outside the update lock, so that
 * the apply that follows plans again and reads only local files.
 */
final class RemoteDownloads {

    private final Supplier<RemoteRepositories> remotes;

    /** @param remotes the remote repositories service, or null while there is none */
    RemoteDownloads(Supplier<RemoteRepositories> remotes) {
        this.remotes = remotes;
    }

    /** How a plan and a result name a package downloaded from a remote. */
    static String text(RemotePackage p) {
        return p.symbolicName() + " " + p.version() + " from remote " + p.remote() + " (" + p.size() + " bytes)";
    }

    /**
     * Downloads each package. Packages downloaded before a failure stay in the local repository,
     * where they change nothing that runs.
     *
     * @param subject the request, for the refusal: {@code install gtach.example.app}
     */
    void download(List<RemotePackage> packages, String subject, Consumer<String> progress) throws UpdateRefusedException {
        RemoteRepositories service = remotes.get();
        for (RemotePackage p : packages) {
            if (service == null) {
                throw new DownloadFailedException("Cannot " + subject + ": its plan needs " + text(p)
                        + ", and the remote repositories service that downloads it is not running; nothing was changed.");
            }
            progress.accept("Downloading " + text(p));
            try {
                for (AddOutcome outcome : service.add(p.remote(), p.symbolicName(), p.version())) {
                    if (outcome.status() == AddOutcome.Status.REFUSED) {
                        throw new RepositoryException(outcome.message());
                    }
                }
            } catch (RepositoryException | RuntimeException e) {
                throw new DownloadFailedException("Cannot " + subject + ": downloading " + p.symbolicName() + " "
                        + p.version() + " from remote " + p.remote() + " failed (" + fragment(e.getMessage())
                        + "); nothing running was changed, packages downloaded before stay in the local repository.");
            }
        }
    }

    /** The repository's sentence as a clause of this one: its own "nothing was changed" is said once, after it. */
    private static String fragment(String sentence) {
        if (sentence == null || sentence.isBlank()) {
            return "no reason given";
        }
        String clause = sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
        if (clause.endsWith("; nothing was changed")) {
            clause = clause.substring(0, clause.length() - "; nothing was changed".length());
        }
        boolean capitalWord = clause.length() > 1 && Character.isUpperCase(clause.charAt(0)) && Character.isLowerCase(clause.charAt(1));
        return capitalWord ? Character.toLowerCase(clause.charAt(0)) + clause.substring(1) : clause;
    }
}
