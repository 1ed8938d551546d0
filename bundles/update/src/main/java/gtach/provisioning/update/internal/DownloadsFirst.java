package gtach.provisioning.update.internal;

import gtach.provisioning.repository.remote.RemotePackage;
import gtach.provisioning.update.UpdateRefusedException;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A plan picked packages only fetched remotes have: the apply stops before changing anything, the
 * caller downloads them outside the update lock and applies again. Its message is what an operator
 * reads should it ever go further.
 */
final class DownloadsFirst extends UpdateRefusedException {

    private static final long serialVersionUID = 1L;

    private final transient List<RemotePackage> packages;

    DownloadsFirst(String subject, List<RemotePackage> packages) {
        super("Cannot " + subject + ": its plan needs " + packages.stream().map(RemoteDownloads::text)
                .collect(Collectors.joining(", ")) + ", which must be downloaded first; nothing was changed.");
        this.packages = List.copyOf(packages);
    }

    List<RemotePackage> packages() {
        return packages;
    }
}
