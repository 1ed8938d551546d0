package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.remote.Channel;
import gtach.provisioning.repository.remote.ReleaseMetadata;
import gtach.provisioning.repository.remote.TrustException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

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
    void channelsAndAReportUrlAreSignedAndReadBack() throws Exception {
        // Given a release with two channels, given out of order, and a report URL
        ReleaseMetadata release = new ReleaseMetadata(4, NOW, NOW.plus(Duration.ofDays(30)), "index-4.xml.gz", SHA, 1234,
                key.keyId(), List.of(new Channel("stable", "gtach.example.app", "1.1.0", 25),
                        new Channel("beta", "gtach.example.app", "1.2.0", 100)),
                "https://fleet.example.org/devices/status");

        // When it is signed and verified
        byte[] file = ReleaseTrust.write(release, key);
        ReleaseMetadata read = ReleaseTrust.verify(file, List.of(key.publicOnly()), 3, NOW);

        // Then the channels, sorted by name, and the report URL are what was signed
        assertThat(read).isEqualTo(release);
        assertThat(read.channels()).extracting(Channel::name).containsExactly("beta", "stable");
        assertThat(read.channel("stable")).contains(new Channel("stable", "gtach.example.app", "1.1.0", 25));
        assertThat(read.reportUrl()).isEqualTo("https://fleet.example.org/devices/status");
        assertThat(payloadText(file)).contains("\"channels\":[{\"name\":\"beta\",\"symbolicName\":\"gtach.example.app\","
                + "\"version\":\"1.2.0\",\"rollout\":100},{\"name\":\"stable\"", "\"reportUrl\":\"https://fleet.example.org/devices/status\"");
    }

    @Test
    void aReleaseWithoutChannelsIsWrittenAsBeforeAndReadWithNone() throws Exception {
        // Given a release without channels, signed; and a payload as written before channels existed
        byte[] written = ReleaseTrust.write(release(2, NOW.plus(Duration.ofDays(1))), key);
        byte[] older = signed(basePayload(""));

        // When both are verified
        ReleaseMetadata read = ReleaseTrust.verify(written, List.of(key.publicOnly()), 0, NOW);
        ReleaseMetadata readOlder = ReleaseTrust.verify(older, List.of(key.publicOnly()), 0, NOW);

        // Then neither has channels nor a report URL, and the new one does not name the fields at all
        assertThat(payloadText(written)).doesNotContain("channels", "reportUrl");
        assertThat(read.channels()).isEmpty();
        assertThat(read.reportUrl()).isNull();
        assertThat(readOlder.channels()).isEmpty();
        assertThat(readOlder.reportUrl()).isNull();
        assertThat(readOlder.channel("stable")).isEmpty();
        assertThat(ReleaseTrust.verify(signed(basePayload(",\"channels\":[]")), List.of(key.publicOnly()), 0, NOW).channels())
                .isEmpty();
    }

    static Stream<Arguments> malformedChannelsAndReportUrls() {
        String channel = "{\"name\":\"stable\",\"symbolicName\":\"gtach.example.app\",\"version\":\"1.1.0\",\"rollout\":25}";
        return Stream.of(
                Arguments.of("channels not an array", ",\"channels\":" + channel,
                        "The release is refused: its \"channels\" is not a JSON array."),
                Arguments.of("channel not an object", ",\"channels\":[\"stable\"]",
                        "The release is refused: a channel of its signed payload is not a JSON object."),
                Arguments.of("unknown field in a channel", ",\"channels\":[" + channel.replace("}", ",\"weight\":3}") + "]",
                        "The release is refused: a channel of its signed payload has the unknown field \"weight\"."),
                Arguments.of("missing field in a channel", ",\"channels\":[" + channel.replace(",\"rollout\":25", "") + "]",
                        "The release is refused: a channel of its signed payload has no \"rollout\"."),
                Arguments.of("rollout as text", ",\"channels\":[" + channel.replace("25", "\"25\"") + "]",
                        "The release is refused: a channel of its signed payload has a field of the wrong type."),
                Arguments.of("rollout a fraction", ",\"channels\":[" + channel.replace("25", "2.5") + "]",
                        "The release is refused: a channel of its signed payload has a field of the wrong type."),
                Arguments.of("rollout beyond an int", ",\"channels\":[" + channel.replace("25", "4294967296") + "]",
                        "The release is refused: a channel of its signed payload has a field of the wrong type."),
                Arguments.of("name a number", ",\"channels\":[" + channel.replace("\"stable\"", "7") + "]",
                        "The release is refused: a channel of its signed payload has a field of the wrong type."),
                Arguments.of("version null", ",\"channels\":[" + channel.replace("\"1.1.0\"", "null") + "]",
                        "The release is refused: a channel of its signed payload has a field of the wrong type."),
                Arguments.of("rollout above 100", ",\"channels\":[" + channel.replace("25", "101") + "]",
                        "The release is refused: the rollout of channel stable is 101, not a percentage from 0 to 100."),
                Arguments.of("rollout below 0", ",\"channels\":[" + channel.replace("25", "-1") + "]",
                        "The release is refused: the rollout of channel stable is -1, not a percentage from 0 to 100."),
                Arguments.of("channel named twice", ",\"channels\":[" + channel + "," + channel.replace("25", "50") + "]",
                        "The release is refused: channel stable is named twice."),
                Arguments.of("channel name in capitals", ",\"channels\":[" + channel.replace("\"stable\"", "\"Stable\"") + "]",
                        "The release is refused: channel name \"Stable\" is not 1 to 63 lower-case letters, digits, '.', '_'"
                                + " or '-' beginning with a letter or digit."),
                Arguments.of("version not OSGi", ",\"channels\":[" + channel.replace("1.1.0", "1.x") + "]",
                        "The release is refused: the version \"1.x\" of channel stable is not an OSGi version."),
                Arguments.of("empty version", ",\"channels\":[" + channel.replace("1.1.0", "") + "]",
                        "The release is refused: the version \"\" of channel stable is not an OSGi version."),
                Arguments.of("symbolic name with a space", ",\"channels\":[" + channel.replace("gtach.example.app", "gtach app") + "]",
                        "The release is refused: the symbolic name \"gtach app\" of channel stable is not an OSGi symbolic name."),
                Arguments.of("report URL a number", ",\"reportUrl\":42",
                        "The release is refused: its signed payload has a field of the wrong type."),
                Arguments.of("report URL null", ",\"reportUrl\":null",
                        "The release is refused: its signed payload has a field of the wrong type."),
                Arguments.of("report URL relative", ",\"reportUrl\":\"/devices/status\"",
                        "The release is refused: the report URL \"/devices/status\" is not an absolute http or https URL."),
                Arguments.of("report URL of another scheme", ",\"reportUrl\":\"ftp://fleet.example.org/status\"",
                        "The release is refused: the report URL \"ftp://fleet.example.org/status\" is not an absolute http or https URL."),
                Arguments.of("report URL without host", ",\"reportUrl\":\"https:status\"",
                        "The release is refused: the report URL \"https:status\" is not an absolute http or https URL."),
                Arguments.of("report URL with a password", ",\"reportUrl\":\"https://fleet:secret@fleet.example.org/status\"",
                        "The release is refused: the report URL \"https://fleet:secret@fleet.example.org/status\" holds a user or"
                                + " password, which a signed release, readable by anyone, must not."),
                Arguments.of("unknown top-level field", ",\"channel\":[]",
                        "The release is refused: its signed payload has the unknown field \"channel\"."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedChannelsAndReportUrls")
    void aMalformedChannelOrReportUrlIsRefusedInOneSentence(String what, String extraFields, String message) {
        // Given a correctly signed payload with a malformed channel or report URL
        byte[] file = signed(basePayload(extraFields));

        // When it is verified, Then it is refused with one sentence
        assertThatThrownBy(() -> ReleaseTrust.verify(file, List.of(key.publicOnly()), 0, NOW))
                .isInstanceOf(TrustException.class)
                .hasMessage(message);
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

    /** The fields every payload has, then {@code extraFields} (empty, or starting with a comma). */
    private String basePayload(String extraFields) {
        return "{\"format\":1,\"counter\":1,\"issued\":\"" + NOW + "\",\"expires\":\"" + NOW.plus(Duration.ofDays(1))
                + "\",\"index\":{\"path\":\"index-1.xml.gz\",\"sha256\":\"" + SHA + "\",\"length\":1234},\"keyId\":\""
                + key.keyId() + "\"" + extraFields + "}";
    }

    /** A release file whose payload is exactly {@code payload}, correctly signed with the key. */
    private byte[] signed(String payload) {
        byte[] payloadBytes = payload.getBytes(StandardCharsets.UTF_8);
        byte[] domain = ReleaseTrust.DOMAIN.getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[domain.length + payloadBytes.length];
        System.arraycopy(domain, 0, data, 0, domain.length);
        System.arraycopy(payloadBytes, 0, data, domain.length, payloadBytes.length);
        try {
            return envelope(key.keyId(), payloadBytes, ReleaseTrust.sign(key.privateKey().orElseThrow(), data));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String payloadText(byte[] file) throws Exception {
        var envelope = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file);
        return new String(java.util.Base64.getDecoder().decode(envelope.get("payload").asText()), StandardCharsets.UTF_8);
    }

    private static byte[] envelope(String keyId, byte[] payload, byte[] signature) {
        return ("{\"format\":\"" + ReleaseTrust.ENVELOPE_FORMAT + "\",\"keyId\":\"" + keyId + "\",\"payload\":\""
                + java.util.Base64.getEncoder().encodeToString(payload) + "\",\"signature\":\""
                + java.util.Base64.getEncoder().encodeToString(signature) + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
