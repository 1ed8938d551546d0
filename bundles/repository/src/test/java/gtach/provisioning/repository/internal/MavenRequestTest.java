package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What an {@code mvn:} request asks a Maven remote for, which remotes are accepted, and how metadata is read. */
class MavenRequestTest {

    @TempDir
    Path temp;

    @Test
    void anExactVersionNeedsNoMetadata() {
        // When
        MavenRequest request = MavenRequest.parse("mvn:org.example/display/1.2.0");

        // Then
        assertThat(request.selects()).isFalse();
        assertThat(request.coordinate().version()).isEqualTo("1.2.0");
        assertThat(request).hasToString("mvn:org.example/display/1.2.0");
    }

    @Test
    void rangesLatestAndReleaseAreChosenFromMetadata() {
        // When / Then
        for (String version : List.of("[1.0,2.0)", "(1.0,2.0]", "[1.0,)", "(,2.0)", "LATEST", "RELEASE")) {
            MavenRequest request = MavenRequest.parse("mvn:org.example/display/" + version + "/jar/tests");
            assertThat(request.selects()).as(version).isTrue();
            assertThat(request.version()).isEqualTo(version);
            assertThat(request.coordinate().classifier()).contains("tests");
            assertThat(request).hasToString("mvn:org.example/display/" + version + "/jar/tests");
            assertThat(request.with("1.5.0").version()).isEqualTo("1.5.0");
        }
    }

    @Test
    void anArtifactNamedLikeThePlaceholderKeepsItsName() {
        // When
        MavenRequest request = MavenRequest.parse("mvn:org.example/0/[1.0,2.0)");

        // Then
        assertThat(request).hasToString("mvn:org.example/0/[1.0,2.0)");
    }

    @Test
    void aMalformedVersionIsRefusedAsBefore() {
        // When / Then
        assertThatThrownBy(() -> MavenRequest.parse("mvn:org.example/display/[1.0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot add mvn:org.example/display/[1.0: \"[1.0\" is not a valid part of a Maven coordinate;"
                        + " nothing was changed.");
    }

    @Test
    void onlyHttpsOrLoopbackHttpIsAccepted() {
        // Given
        HttpFetcher http = new HttpFetcher(DownloadTimeouts.DEFAULT, temp, SilentLogger.INSTANCE);

        // When / Then
        assertThat(new MavenRemote(URI.create("https://repo.example.org/maven2"), http).base())
                .hasToString("https://repo.example.org/maven2/");
        assertThat(new MavenRemote(URI.create("http://127.0.0.1:8081/releases/"), http).base())
                .hasToString("http://127.0.0.1:8081/releases/");
        assertThatThrownBy(() -> new MavenRemote(URI.create("http://repo.example.org/maven2/"), http))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot use http://repo.example.org/maven2/ as a Maven repository: only https, or http on"
                        + " loopback, is accepted; nothing was changed.");
    }

    @Test
    void metadataIsRead() throws Exception {
        // Given
        Path file = Files.writeString(temp.resolve("maven-metadata.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <metadata>
                  <groupId>org.example</groupId>
                  <artifactId>display</artifactId>
                  <versioning>
                    <latest>2.0.0</latest>
                    <release>2.0.0</release>
                    <versions>
                      <version>1.0.0</version>
                      <version>2.0.0</version>
                    </versions>
                  </versioning>
                </metadata>
                """);

        // When
        MavenMetadata metadata = MavenMetadata.read(file);

        // Then
        assertThat(metadata.versions()).containsExactly("1.0.0", "2.0.0");
        assertThat(metadata.latest()).isEqualTo(Optional.of("2.0.0"));
        assertThat(metadata.release()).isEqualTo(Optional.of("2.0.0"));
        assertThat(metadata.snapshotFiles()).isEmpty();
    }

    @Test
    void anUndeclaredEntityIsRefused() throws Exception {
        // Given: no DOCTYPE, an entity reference all the same
        Path file = Files.writeString(temp.resolve("maven-metadata.xml"),
                "<metadata><versioning><versions><version>&xxe;</version></versions></versioning></metadata>");

        // When / Then
        assertThatThrownBy(() -> MavenMetadata.read(file))
                .isInstanceOf(Refusal.class)
                .hasMessage("its maven-metadata.xml refers to the entity &xxe; in <version>, which is not read");
    }
}
