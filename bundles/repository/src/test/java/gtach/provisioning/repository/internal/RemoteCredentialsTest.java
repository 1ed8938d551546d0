package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.remote.Credentials;
import gtach.provisioning.testing.NginxServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Published remotes behind a real nginx asking for HTTP basic or a bearer token: the right
 * credentials fetch and add, wrong or missing ones are refused naming the remote and the status,
 * nothing is kept then, and the secret is kept owner-only and appears in no message.
 */
class RemoteCredentialsTest {

    private static final String PASSWORD = "pw-7f3a9c-secret";
    private static final String TOKEN = "tok-51be0e.secret";

    @TempDir
    Path temp;

    private final InMemoryConfigurationAdmin configurations = new InMemoryConfigurationAdmin();
    private RepositoryStore store;
    private ConfiguredRemotes remotes;
    private Path keyFile;
    private Path site;
    private Path rightPassword;
    private Path wrongPassword;
    private Path rightToken;
    private Path wrongToken;

    @BeforeEach
    void prepare() throws Exception {
        NginxServer.requireInstalled();
        store = RepositoryStore.open(temp.resolve("repository"), temp.resolve("m2"),
                new DownloadTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60)), SilentLogger.INSTANCE);
        remotes = new ConfiguredRemotes(configurations.service(), store);
        SigningKey key = SigningKey.generate();
        keyFile = Files.write(temp.resolve("release.pub"), key.publicOnly().publicFile());
        site = temp.resolve("site");
        Path jar = TestBundle.named("tach", "1.0.0").writeTo(temp.resolve("in/tach.jar"));
        Publisher.publish(List.of(jar), site, key, Duration.ofDays(7), Instant.now());
        rightPassword = Files.writeString(temp.resolve("password"), PASSWORD + "\n");
        wrongPassword = Files.writeString(temp.resolve("wrong-password"), "not-the-password\n");
        rightToken = Files.writeString(temp.resolve("token"), TOKEN + "\n");
        wrongToken = Files.writeString(temp.resolve("wrong-token"), "tok-wrong\n");
    }

    @Test
    void rightBasicCredentialsFetchAndAddAndAreKeptOwnerOnlyUntilTheRemoteIsRemoved() throws Exception {
        try (NginxServer nginx = NginxServer.serving(site).protectedBy("/", "alice", PASSWORD).start()) {
            // When
            remotes.add("main", nginx.url("/"), keyFile, false, Credentials.basic("alice", rightPassword));
            assertThat(remotes.fetch("main").packages()).isEqualTo(1);
            List<AddOutcome> outcomes = remotes.add("main", "tach", "1.0.0");

            // Then
            assertThat(outcomes).extracting(AddOutcome::status).containsExactly(AddOutcome.Status.ADDED);
            assertThat(remotes.credentials("main")).contains("basic (user alice)");
            Path file = RemoteFetch.directory(store.root(), "main").resolve(RemoteCredentials.FILE);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
            assertThat(configurations.stored.get(ConfiguredRemotes.FACTORY_PID + "~main").toString())
                    .doesNotContain(PASSWORD).doesNotContain("alice");
            // every request carried them, and nginx let none through without
            assertThat(nginx.accessLog()).contains("GET /release.json").doesNotContain(" 401 ");

            remotes.remove("main");
            assertThat(file).doesNotExist();
        }
    }

    @Test
    void wrongBasicCredentialsAreRefusedNamingTheRemoteAndHttp401AndNothingIsKept() throws Exception {
        try (NginxServer nginx = NginxServer.serving(site).protectedBy("/", "alice", PASSWORD).start()) {
            remotes.add("main", nginx.url("/"), keyFile, false, Credentials.basic("alice", wrongPassword));

            Throwable refused = catchThrowable(() -> remotes.fetch("main"));

            assertThat(refused).isInstanceOf(RepositoryException.class).hasMessage("Cannot fetch " + nginx.url("/release.json")
                    + ": the server of remote main refused the credentials (HTTP 401); nothing was changed.");
            assertNoSecretIn(refused);
            assertThat(remotes.packages("main")).isEmpty();
            assertThat(RemoteFetch.directory(store.root(), "main").resolve(RemoteFetch.RELEASE_FILE)).doesNotExist();
        }
    }

    @Test
    void noCredentialsAreRefusedSayingTheRemoteNeedsThem() throws Exception {
        try (NginxServer nginx = NginxServer.serving(site).protectedBy("/", "alice", PASSWORD).start()) {
            remotes.add("main", nginx.url("/"), keyFile, false);

            assertThatThrownBy(() -> remotes.fetch("main")).hasMessage("Cannot fetch " + nginx.url("/release.json")
                    + ": remote main needs credentials (HTTP 401); nothing was changed.");
            assertThat(remotes.credentials("main")).isEmpty();
        }
    }

    @Test
    void a403IsNamedAsForbidding() throws Exception {
        try (NginxServer nginx = NginxServer.serving(site).answering("/release.json", 403).start()) {
            remotes.add("main", nginx.url("/"), keyFile, false, Credentials.bearer(rightToken));

            assertThatThrownBy(() -> remotes.fetch("main")).hasMessage("Cannot fetch " + nginx.url("/release.json")
                    + ": the server of remote main forbids access with the credentials given (HTTP 403); nothing was changed.");
        }
    }

    @Test
    void theRightBearerTokenFetchesAndAddsAndAWrongOneIsRefused() throws Exception {
        try (NginxServer nginx = NginxServer.serving(site).bearerProtected("/", TOKEN).start()) {
            remotes.add("main", nginx.url("/"), keyFile, false, Credentials.bearer(rightToken));
            remotes.add("other", nginx.url("/"), keyFile, false, Credentials.bearer(wrongToken));

            assertThat(remotes.fetch("main").packages()).isEqualTo(1);
            assertThat(remotes.add("main", "tach", "1.0.0")).extracting(AddOutcome::status)
                    .containsExactly(AddOutcome.Status.ADDED);
            Throwable refused = catchThrowable(() -> remotes.fetch("other"));

            assertThat(refused).hasMessage("Cannot fetch " + nginx.url("/release.json")
                    + ": the server of remote other refused the credentials (HTTP 401); nothing was changed.");
            assertNoSecretIn(refused);
            assertThat(remotes.credentials("main")).contains("bearer token");
            assertThat(remotes.list().toString()).doesNotContain(TOKEN);
        }
    }

    @Test
    void unusableSecretFilesAreRefusedAndNothingIsAdded() throws Exception {
        Path empty = Files.writeString(temp.resolve("empty"), "");
        Path spaced = Files.writeString(temp.resolve("spaced"), "two words\n");

        assertThatThrownBy(() -> remotes.add("main", "https://example.org/", keyFile, false, Credentials.basic("alice", empty)))
                .hasMessage("Cannot add remote main: the password file " + empty + " must hold one non-empty line without"
                        + " control characters; nothing was changed.");
        assertThatThrownBy(() -> remotes.add("main", "https://example.org/", keyFile, false, Credentials.bearer(spaced)))
                .hasMessage("Cannot add remote main: the token file " + spaced + " holds spaces or control characters,"
                        + " which a bearer token cannot; nothing was changed.");
        assertThatThrownBy(() -> remotes.add("main", "https://example.org/", keyFile, false,
                Credentials.basic("al:ice", rightPassword)))
                .hasMessage("Cannot add remote main: the user name must be non-empty, without ':' or control characters;"
                        + " nothing was changed.");
        assertThatThrownBy(() -> remotes.addMaven("main", "https://example.org/", false,
                Credentials.bearer(temp.resolve("missing"))))
                .hasMessageStartingWith("Cannot add remote main: the token file").hasMessageEndingWith("; nothing was changed.");
        assertThat(remotes.list()).isEmpty();
        assertThat(RemoteFetch.directory(store.root(), "main").resolve(RemoteCredentials.FILE)).doesNotExist();
    }

    @Test
    void aMavenRemotesCredentialsAreNotSentWhereARedirectToAnotherOriginPoints() throws Exception {
        try (NginxServer other = NginxServer.serving(site).start();
                NginxServer nginx = NginxServer.serving(site).redirecting("/away.jar", other.url("/jars/tach.jar")).start()) {
            HttpFetcher http = new HttpFetcher(new DownloadTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60)),
                    Files.createDirectories(temp.resolve("partials")), SilentLogger.INSTANCE)
                    .forRemote(new MavenBase("private", java.net.URI.create(nginx.url("/")), "Bearer " + TOKEN));

            assertThatThrownBy(() -> http.download(java.net.URI.create(nginx.url("/away.jar")), temp.resolve("away.jar"),
                    1 << 20, line -> { })).hasMessageContaining("another origin");
            assertThat(other.accessLog()).doesNotContain("GET ");
            assertThat(temp.resolve("away.jar")).doesNotExist();
        }
    }

    private static void assertNoSecretIn(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(PASSWORD).doesNotContain(TOKEN);
        }
    }
}
