package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.remote.ReleaseMetadata;
import gtach.provisioning.repository.remote.TrustException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What is remembered of verified kept files answers exactly as verifying them again would. */
class VerifiedKeptFilesTest {

    @TempDir
    Path temp;

    private SigningKey key;
    private Path site;
    private byte[] releaseBytes;
    private ReleaseMetadata release;
    private final VerifiedKeptFiles verified = new VerifiedKeptFiles();

    @BeforeEach
    void prepare() throws Exception {
        key = SigningKey.generate();
        site = temp.resolve("site");
        Path tach = TestBundle.named("tach", "1.0.0").writeTo(temp.resolve("in/tach-1.0.0.jar"));
        Path display = TestBundle.named("display", "2.1.0").writeTo(temp.resolve("in/display-2.1.0.jar"));
        Publisher.publish(List.of(tach, display), site, key, Duration.ofDays(7), Instant.now());
        releaseBytes = Files.readAllBytes(site.resolve("release.json"));
        release = ReleaseTrust.verifySignature(releaseBytes, List.of(key.publicOnly()));
    }

    @Test
    void aReleaseVerifiedOnceIsNotTrustedWithOneByteOfItsSignatureChanged() throws Exception {
        // Given the kept release verified once
        assertThat(verified.signed("main", releaseBytes, key.publicOnly())).isEqualTo(release);

        // When the same bytes but one of its signature come back
        byte[] tampered = TamperedFiles.withSignatureChanged(releaseBytes);

        // Then they are verified afresh and refused
        assertThatThrownBy(() -> verified.signed("main", tampered, key.publicOnly()))
                .isInstanceOf(TrustException.class)
                .hasMessage("The release is refused: its signature does not verify with the pinned key " + key.keyId() + ".");
        // and the release verified before is still known for what it is
        assertThat(verified.signed("main", releaseBytes, key.publicOnly())).isEqualTo(release);
    }

    @Test
    void aReleaseVerifiedWithOneKeyIsNotTrustedWhenAnotherKeyIsPinned() throws Exception {
        // Given the kept release verified with the key it was signed with
        verified.signed("main", releaseBytes, key.publicOnly());

        // When the remote's pinned key is another one
        SigningKey other = SigningKey.generate().publicOnly();

        // Then the same bytes are refused
        assertThatThrownBy(() -> verified.signed("main", releaseBytes, other))
                .isInstanceOf(TrustException.class)
                .hasMessage("The release is refused: it is signed with key " + key.keyId()
                        + ", which is not a pinned key of this remote.");
    }

    @Test
    void anIndexCountedOnceIsRefusedWhenItsContentChangesEvenWithItsSizeAndTimeKept() throws Exception {
        // Given the kept index counted once
        Path index = site.resolve(release.indexPath());
        assertThat(verified.packages("main", index, release, "of remote main")).isEqualTo(2);

        // When one byte of it is changed in place and its modification time put back
        TamperedFiles.changeOneByte(index);

        // Then it is refused: the count is reused only for the content whose hash was just checked
        assertThatThrownBy(() -> verified.packages("main", index, release, "of remote main"))
                .isInstanceOf(TrustException.class)
                .hasMessageStartingWith("The index " + release.indexPath() + " is refused: its SHA-256 ")
                .hasMessageEndingWith(" signed in release 1.");
    }

    @Test
    void aForgottenRemoteIsVerifiedAgain() throws Exception {
        // Given the kept release and index of a remote verified and counted
        Path index = site.resolve(release.indexPath());
        verified.signed("main", releaseBytes, key.publicOnly());
        verified.packages("main", index, release, "of remote main");

        // When the remote is forgotten
        verified.forget("main");

        // Then the same files are verified and counted from scratch, with the same answers
        assertThat(verified.signed("main", releaseBytes, key.publicOnly())).isEqualTo(release);
        assertThat(verified.packages("main", index, release, "of remote main")).isEqualTo(2);
    }
}
