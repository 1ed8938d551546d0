package gtach.provisioning.update.internal;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.remote.FetchResult;
import gtach.provisioning.repository.remote.ReleaseMetadata;
import gtach.provisioning.repository.remote.Remote;
import gtach.provisioning.repository.remote.RemotePackage;
import gtach.provisioning.repository.remote.RemoteRepositories;
import gtach.provisioning.update.UpdateRefusedException;
import org.junit.jupiter.api.Test;
import org.osgi.service.repository.Repository;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemoteDownloadsTest {

    private final FetchedRemotes remotes = new FetchedRemotes();
    private final RemoteDownloads downloads = new RemoteDownloads(() -> remotes);

    @Test
    void eachPackageIsAddedInTurnAndAFailedOneRefusesInOneSentenceNamingPackageAndRemote() throws Exception {
        List<String> progress = new ArrayList<>();

        downloads.download(List.of(new RemotePackage("fleet", "tach", "1.2.0", 12)), "install app", progress::add);
        assertThat(remotes.downloaded).containsExactly("fleet/tach/1.2.0");
        assertThat(progress).containsExactly("Downloading tach 1.2.0 from remote fleet (12 bytes)");

        remotes.refusal = "The JAR's SHA-256 differs from the signed index; nothing was changed.";
        assertThatThrownBy(() -> downloads.download(List.of(new RemotePackage("fleet", "display", "1.0.0", 5)), "install app",
                progress::add))
                .isInstanceOf(gtach.provisioning.update.DownloadFailedException.class)
                .hasMessage("Cannot install app: downloading display 1.0.0 from remote fleet failed (the JAR's SHA-256 differs "
                        + "from the signed index); nothing running was changed, packages downloaded before stay in the local repository.");
    }

    @Test
    void withoutTheRemoteRepositoriesServiceNothingIsDownloadedAndTheRefusalSaysWhy() {
        assertThatThrownBy(() -> new RemoteDownloads(() -> null).download(List.of(new RemotePackage("fleet", "tach", "1.2.0", 12)),
                "update tach", line -> { }))
                .hasMessage("Cannot update tach: its plan needs tach 1.2.0 from remote fleet (12 bytes), and the remote"
                        + " repositories service that downloads it is not running; nothing was changed.");
    }

    /** Remote repositories that record what they were asked to add. */
    private static final class FetchedRemotes implements RemoteRepositories {
        final List<String> downloaded = new ArrayList<>();
        String refusal;

        @Override
        public Remote add(String name, String url, Path keyFile, boolean insecure) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Remote addMaven(String name, String url, boolean insecure) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> problems() {
            return List.of();
        }

        @Override
        public List<Remote> list() {
            return List.of();
        }

        @Override
        public Remote remove(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FetchResult fetch(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<RemotePackage> packages(String name) {
            return List.of();
        }

        @Override
        public Optional<ReleaseMetadata> release(String name) {
            return Optional.empty();
        }

        @Override
        public Repository candidates() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<AddOutcome> add(String remote, String symbolicName, String version) throws RepositoryException {
            if (refusal != null) {
                throw new RepositoryException(refusal);
            }
            downloaded.add(remote + "/" + symbolicName + "/" + version);
            return List.of();
        }
    }
}
