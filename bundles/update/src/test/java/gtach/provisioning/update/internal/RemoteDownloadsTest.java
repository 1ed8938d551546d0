package gtach.provisioning.update.internal;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.remote.FetchResult;
import gtach.provisioning.repository.remote.Remote;
import gtach.provisioning.repository.remote.RemotePackage;
import gtach.provisioning.repository.remote.RemoteRepositories;
import gtach.provisioning.update.PackageRange;
import gtach.provisioning.update.UpdateRefusedException;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.version.SemanticRange;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemoteDownloadsTest {

    private final StoredPackages local = new StoredPackages();
    private final FetchedRemotes remotes = new FetchedRemotes();
    private final RemoteDownloads downloads = new RemoteDownloads(() -> remotes, () -> local);

    private static UpdateRequest install(PackageRange... packages) {
        return new UpdateRequest(UpdateRequest.Action.INSTALL, List.of(packages), false, false, false);
    }

    @Test
    void theHighestReleaseAFetchedRemoteListsIsOfferedForAPackageMissingLocally() throws Exception {
        remotes.list("fleet", new RemotePackage("fleet", "tach", "1.0.0", 10), new RemotePackage("fleet", "tach", "1.2.0", 12),
                new RemotePackage("fleet", "tach", "2.0.0-rc.1", 20));
        remotes.list("lab", new RemotePackage("lab", "tach", "1.1.0", 11), new RemotePackage("lab", "other", "9.0.0", 9));

        assertThat(downloads.offers(install(PackageRange.of("tach")))).extracting(RemoteDownloads.Offer::text)
                .containsExactly("tach 1.2.0 from remote fleet (12 bytes)");
        assertThat(downloads.offers(install(PackageRange.of("tach", SemanticRange.parse("~1.1.0")))))
                .extracting(RemoteDownloads.Offer::text).containsExactly("tach 1.1.0 from remote lab (11 bytes)");
        assertThat(remotes.downloaded).isEmpty();
    }

    @Test
    void aLocalCopyTheRequestAllowsWinsAndNothingIsOfferedWithoutTheService() throws Exception {
        local.add(Resources.bundle("tach", "1.0.0"));
        remotes.list("fleet", new RemotePackage("fleet", "tach", "1.2.0", 12));

        assertThat(downloads.offers(install(PackageRange.of("tach")))).isEmpty();
        assertThat(downloads.offers(install(PackageRange.of("tach", SemanticRange.parse("^1.2.0"))))).hasSize(1);
        assertThat(new RemoteDownloads(() -> null, () -> local).offers(install(PackageRange.of("tach", SemanticRange.parse("^1.2.0")))))
                .isEmpty();
        assertThat(downloads.offers(new UpdateRequest(UpdateRequest.Action.UNINSTALL, List.of(PackageRange.of("tach")),
                false, false, false))).isEmpty();
    }

    @Test
    void downloadAddsEachOfferAndAFailedOneRefusesInOneSentenceNamingPackageAndRemote() throws Exception {
        remotes.list("fleet", new RemotePackage("fleet", "tach", "1.2.0", 12), new RemotePackage("fleet", "display", "1.0.0", 5));
        List<String> progress = new ArrayList<>();

        downloads.download(install(PackageRange.of("tach")), "install", progress::add);
        assertThat(remotes.downloaded).containsExactly("fleet/tach/1.2.0");
        assertThat(progress).containsExactly("Downloading tach 1.2.0 from remote fleet (12 bytes)");

        remotes.refusal = "The JAR's SHA-256 differs from the signed index; nothing was changed.";
        assertThatThrownBy(() -> downloads.download(install(PackageRange.of("display")), "install", progress::add))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install display: downloading 1.0.0 from remote fleet failed (the JAR's SHA-256 differs "
                        + "from the signed index); nothing running was changed, packages downloaded before stay in the local repository.");
    }

    /** Remote repositories whose indexes were fetched, in memory. */
    private static final class FetchedRemotes implements RemoteRepositories {
        final Map<String, List<RemotePackage>> indexes = new LinkedHashMap<>();
        final List<String> downloaded = new ArrayList<>();
        String refusal;

        void list(String remote, RemotePackage... packages) {
            indexes.put(remote, List.of(packages));
        }

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
            return indexes.keySet().stream().map(n -> new Remote(n, URI.create("https://example.org/" + n), "k", false)).toList();
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
            return indexes.getOrDefault(name, List.of());
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
