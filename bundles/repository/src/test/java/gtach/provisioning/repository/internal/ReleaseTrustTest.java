package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.remote.ReleaseMetadata;
import gtach.provisioning.repository.remote.TrustException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseTrustTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final String SHA = "ab".repeat(32);

    private final SigningKey key = SigningKey.generate();

    private ReleaseMetadata release(long counter, Instant expires) {
        return new ReleaseMetadata(counter, NOW, expires, "index-" + counter + ".xml.gz", SHA, 1234, key.keyId());
    }

    @Test
    void aSignedReleaseVerifiesWithItsPinnedKey() throws Exception {
        // Given a release signed with the key
        byte[] file = ReleaseTrust.write(release(3, NOW.plus(Duration.ofDays(30))), key);

        // When it is verified with the public key pinned
        ReleaseMetadata read = ReleaseTrust.verify(file, List.of(key.publicOnly()), 2, NOW);

        // Then what was signed is read back
        assertThat(read).isEqualTo(release(3, NOW.plus(Duration.ofDays(30))));
    }

    @Test
    void aReleaseSignedWithAnotherKeyIsRefused() {
        byte[] file = ReleaseTrust.write(release(1, NOW.plus(Duration.ofDays(1))), key);
        SigningKey other = SigningKey.generate();

        assertThatThrownBy(() -> ReleaseTrust.verify(file, List.of(other.publicOnly()), 0, NOW))
                .isInstanceOf(TrustException.class)
                .hasMessage("The release is refused: it is signed with key " + key.keyId()
                        + ", which is not a pinned key of this remote.");
    }

    @Test
    void aReleaseWhoseKeyIdNamesThePinnedKeyButSignedByAnotherIsRefused() {
        // Given a release signed with another key, claiming the pinned key's id
        SigningKey other = SigningKey.generate();
        SigningKey impostor = new SigningKey(key.keyId(), other.publicKey(), other.privateKey());
        byte[] file = ReleaseTrust.write(release(1, NOW.plus(Duration.ofDays(1))), impostor);

        assertThatThrownBy(() -> ReleaseTrust.verify(file, List.of(key.publicOnly()), 0, NOW))
                .isInstanceOf(TrustException.class)
                .hasMessage("The release is refused: its signature does not verify with the pinned key " + key.keyId() + ".");
    }

    @Test
    void anUnsignedReleaseIsRefused() {
        String signed = new String(ReleaseTrust.write(release(1, NOW.plus(Duration.ofDays(1))), key), StandardCharsets.UTF_8);
        byte[] unsigned = signed.replaceAll(",\\s*\"signature\"\\s*:\\s*\"[^\"]*\"", "").getBytes(StandardCharsets.UTF_8);
        assertThat(new String(unsigned, StandardCharsets.UTF_8)).doesNotContain("signature");

        assertThatThrownBy(() -> ReleaseTrust.verify(unsigned, List.of(key.publicOnly()), 0, NOW))
                .isInstanceOf(TrustException.class)
                .hasMessage("The release is refused: it is not signed.");
    }

    @Test
    void everySingleFlippedBitOfThePayloadOrSignatureIsRefused() throws Exception {
        // Given the signed release's payload and signature, decoded
        byte[] file = ReleaseTrust.write(release(1, NOW.plus(Duration.ofDays(1))), key);
        var envelope = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file);
        byte[] payload = java.util.Base64.getDecoder().decode(envelope.get("payload").asText());
        byte[] signature = java.util.Base64.getDecoder().decode(envelope.get("signature").asText());

        // When one bit of either is flipped, Then it never verifies
        for (byte[] bytes : List.of(payload, signature)) {
            for (int bit = 0; bit < bytes.length * 8; bit += 7) {
                bytes[bit / 8] ^= (byte) (1 << (bit % 8));
                byte[] tampered = envelope(key.keyId(), payload, signature);
                bytes[bit / 8] ^= (byte) (1 << (bit % 8));
                assertThatThrownBy(() -> ReleaseTrust.verify(tampered, List.of(key.publicOnly()), 0, NOW))
                        .isInstanceOf(TrustException.class)
                        .hasMessage("The release is refused: its signature does not verify with the pinned key " + key.keyId() + ".");
            }
        }
        // and untouched, it does
        assertThat(ReleaseTrust.verify(envelope(key.keyId(), payload, signature), List.of(key.publicOnly()), 0, NOW).counter())
                .isEqualTo(1);
    }

    @Test
    void aFlippedBitAnywhereInTheFileIsRefused() {
        byte[] file = ReleaseTrust.write(release(1, NOW.plus(Duration.ofDays(1))), key);
        for (int i = 0; i < file.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] tampered = file.clone();
                tampered[i] ^= (byte) (1 << bit);
                try {
                    ReleaseMetadata read = ReleaseTrust.verify(tampered, List.of(key.publicOnly()), 0, NOW);
                    // base64 has a few bits that decode to the same bytes; the content must then be identical
                    assertThat(read).isEqualTo(release(1, NOW.plus(Duration.ofDays(1))));
                } catch (TrustException expected) {
                    assertThat(expected.getMessage()).startsWith("The release is refused: ");
                }
            }
        }
    }

    @Test
    void anOlderReleaseCounterIsRefusedAsARollback() {
        // Given release 4 was seen, When release 3 is replayed
        byte[] older = ReleaseTrust.write(release(3, NOW.plus(Duration.ofDays(30))), key);

        assertThatThrownBy(() -> ReleaseTrust.verify(older, List.of(key.publicOnly()), 4, NOW))
                .isInstanceOf(TrustException.class)
                .hasMessage("The release is refused as a rollback attack: its counter 3 is lower than 4, the last one seen.");
    }

    @Test
    void theSameCounterAgainIsAccepted() throws Exception {
        byte[] same = ReleaseTrust.write(release(4, NOW.plus(Duration.ofDays(30))), key);
        assertThat(ReleaseTrust.verify(same, List.of(key.publicOnly()), 4, NOW).counter()).isEqualTo(4);
    }

    @Test
    void anExpiredReleaseIsRefused() {
        Instant expiry = NOW.minusSeconds(1);
        byte[] expired = ReleaseTrust.write(release(2, expiry), key);

        assertThatThrownBy(() -> ReleaseTrust.verify(expired, List.of(key.publicOnly()), 0, NOW))
                .isInstanceOf(TrustException.class)
                .hasMessage("The release 2 is refused: it expired at " + expiry
                        + ", so nothing new is installed from it until the remote publishes again.");
    }

    @Test
    void anIndexWhoseHashOrLengthDiffersFromTheSignedOneIsRefused() throws Exception {
        ReleaseMetadata release = release(5, NOW.plus(Duration.ofDays(1)));
        ReleaseTrust.checkIndex(release, new DurableFiles.Content(SHA, 1234));

        assertThatThrownBy(() -> ReleaseTrust.checkIndex(release, new DurableFiles.Content("cd".repeat(32), 1234)))
                .isInstanceOf(TrustException.class)
                .hasMessage("The index index-5.xml.gz is refused: its SHA-256 " + "cd".repeat(32) + " and length 1234 differ from the "
                        + SHA + " and 1234 signed in release 5.");
        assertThatThrownBy(() -> ReleaseTrust.checkIndex(release, new DurableFiles.Content(SHA, 1235)))
                .isInstanceOf(TrustException.class)
                .hasMessageContaining("length 1235 differ");
    }

    @Test
    void aJarWhoseHashIsNotInTheSignedIndexIsRefused() throws Exception {
        RemoteIndexEntry entry = new RemoteIndexEntry("tach", org.osgi.framework.Version.parseVersion("1.0.0"), "osgi.bundle",
                SHA, 10, "jars/tach.jar", List.of(), List.of());
        assertThat(ReleaseTrust.checkJar(List.of(entry), new DurableFiles.Content(SHA, 10), "tach.jar")).isEqualTo(entry);

        assertThatThrownBy(() -> ReleaseTrust.checkJar(List.of(entry), new DurableFiles.Content("00".repeat(32), 10), "tach.jar"))
                .isInstanceOf(TrustException.class)
                .hasMessage("The JAR tach.jar is refused: its SHA-256 " + "00".repeat(32) + " is not in the signed index.");
    }

    @Test
    void keyFilesRoundTripAndAPublicFileCannotSign() throws Exception {
        SigningKey read = SigningKey.parse(key.privateFile(), true, "test.key");
        assertThat(read.keyId()).isEqualTo(key.keyId());
        assertThat(read.privateKey()).isPresent();
        assertThat(SigningKey.parse(key.publicFile(), false, "test.pub").privateKey()).isEmpty();
        assertThat(new String(key.publicFile(), StandardCharsets.UTF_8)).doesNotContain("privateKey");

        assertThatThrownBy(() -> SigningKey.parse(key.publicFile(), true, "test.pub"))
                .isInstanceOf(TrustException.class)
                .hasMessage("The key file test.pub is refused: it holds only a public key, and signing needs the private one.");
    }

    private static byte[] envelope(String keyId, byte[] payload, byte[] signature) {
        return ("{\"format\":\"" + ReleaseTrust.ENVELOPE_FORMAT + "\",\"keyId\":\"" + keyId + "\",\"payload\":\""
                + java.util.Base64.getEncoder().encodeToString(payload) + "\",\"signature\":\""
                + java.util.Base64.getEncoder().encodeToString(signature) + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
