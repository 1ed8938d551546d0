package gtach.provisioning.repository.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gtach.provisioning.repository.remote.Channel;
import gtach.provisioning.repository.remote.ReleaseMetadata;
import gtach.provisioning.repository.remote.TrustException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The signed release file {@code release.json} of a remote repository, and the trust rules as pure
 * functions. The file is one JSON envelope, replaced by one rename, so a reader never sees a
 * release beside the signature of another:
 *
 * <pre>
 * {"format":"gtach.release/1","keyId":"…","payload":"&lt;base64&gt;","signature":"&lt;base64&gt;"}
 * </pre>
 *
 * The payload is the exact bytes of a JSON object {@code {"format":1,"counter":…,"issued":…,
 * "expires":…,"index":{"path":…,"sha256":…,"length":…},"keyId":…}}, with two optional fields:
 * {@code "channels":[{"name":…,"symbolicName":…,"version":…,"rollout":…},…]} and
 * {@code "reportUrl":…}. A release without channels or report URL is written without them, so that
 * readers older than channels still read it. The signature is Ed25519 over
 * {@value #DOMAIN} followed by those bytes, so a signature made for anything else never verifies
 * as a release. A verifier checks the signature before it parses the payload.
 */
final class ReleaseTrust {

    static final String ENVELOPE_FORMAT = "gtach.release/1";
    static final String DOMAIN = "gtach release v1\n";
    static final int PAYLOAD_FORMAT = 1;
    static final int MAX_RELEASE_BYTES = 64 * 1024;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> ENVELOPE_FIELDS = Set.of("format", "keyId", "payload", "signature");
    private static final Set<String> PAYLOAD_FIELDS = Set.of("format", "counter", "issued", "expires", "index", "keyId");
    private static final Set<String> OPTIONAL_PAYLOAD_FIELDS = Set.of("channels", "reportUrl");
    private static final Set<String> CHANNEL_FIELDS = Set.of("name", "symbolicName", "version", "rollout");
    private static final Set<String> INDEX_FIELDS = Set.of("path", "sha256", "length");

    private static final ObjectMapper MAPPER = JsonMapper.builder(MetadataFormat.strictFactory(MAX_RELEASE_BYTES, true)).build();

    private ReleaseTrust() {
    }

    /** The content of {@code release.json} for a release, signed with the key's private half. */
    static byte[] write(ReleaseMetadata release, SigningKey key) {
        if (!release.keyId().equals(key.keyId())) {
            throw new IllegalArgumentException("Release names key " + release.keyId() + " but is signed with " + key.keyId());
        }
        ObjectNode payload = MAPPER.createObjectNode();
        payload.put("format", PAYLOAD_FORMAT);
        payload.put("counter", release.counter());
        payload.put("issued", release.issued().toString());
        payload.put("expires", release.expires().toString());
        ObjectNode index = payload.putObject("index");
        index.put("path", release.indexPath());
        index.put("sha256", release.indexSha256());
        index.put("length", release.indexLength());
        payload.put("keyId", release.keyId());
        if (!release.channels().isEmpty()) {
            ArrayNode channels = payload.putArray("channels");
            for (Channel channel : release.channels()) {
                ObjectNode written = channels.addObject();
                written.put("name", channel.name());
                written.put("symbolicName", channel.symbolicName());
                written.put("version", channel.version());
                written.put("rollout", channel.rollout());
            }
        }
        if (release.reportUrl() != null) {
            payload.put("reportUrl", release.reportUrl());
        }
        try {
            byte[] payloadBytes = MAPPER.writeValueAsBytes(payload);
            byte[] signature = sign(key.privateKey().orElseThrow(() -> new IllegalArgumentException(
                    "Key " + key.keyId() + " has no private half")), signedBytes(payloadBytes));
            ObjectNode envelope = MAPPER.createObjectNode();
            envelope.put("format", ENVELOPE_FORMAT);
            envelope.put("keyId", key.keyId());
            envelope.put("payload", Base64.getEncoder().encodeToString(payloadBytes));
            envelope.put("signature", Base64.getEncoder().encodeToString(signature));
            return (MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(envelope) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Verifies a release file: its signature with one of the pinned keys, its release counter
     * against the last one seen, and its expiry. Expiry only guards what is new: what already runs
     * is never checked against it.
     *
     * @param release the bytes of {@code release.json}
     * @param pinned the public keys trusted for this remote
     * @param lastSeenCounter the highest counter accepted before, 0 when none
     * @param now the time to check expiry against
     * @throws TrustException with one sentence when it must not be trusted
     */
    static ReleaseMetadata verify(byte[] release, Collection<SigningKey> pinned, long lastSeenCounter, Instant now)
            throws TrustException {
        ReleaseMetadata metadata = verifySignature(release, pinned);
        checkCurrent(metadata, lastSeenCounter, now);
        return metadata;
    }

    /**
     * The checks of {@link #verify} after the signature: the counter against the last one seen,
     * then the expiry.
     *
     * @throws TrustException with one sentence when the release is older than the last seen or expired
     */
    static void checkCurrent(ReleaseMetadata metadata, long lastSeenCounter, Instant now) throws TrustException {
        if (metadata.counter() < lastSeenCounter) {
            throw new TrustException("The release is refused as a rollback attack: its counter " + metadata.counter()
                    + " is lower than " + lastSeenCounter + ", the last one seen.");
        }
        if (!now.isBefore(metadata.expires())) {
            throw new TrustException("The release " + metadata.counter() + " is refused: it expired at "
                    + metadata.expires() + ", so nothing new is installed from it until the remote publishes again.");
        }
    }

    /**
     * Verifies only the signature of a release file and reads it, with neither counter nor expiry
     * checks: for the publisher, who extends an expired release with a new one.
     */
    static ReleaseMetadata verifySignature(byte[] release, Collection<SigningKey> pinned) throws TrustException {
        if (release.length > MAX_RELEASE_BYTES) {
            throw new TrustException("The release is refused: its file is larger than 64 KiB.");
        }
        JsonNode envelope = parse(release, "its file");
        if (!envelope.path("signature").isTextual() || envelope.get("signature").asText().isEmpty()) {
            throw new TrustException("The release is refused: it is not signed.");
        }
        requireFields(envelope, ENVELOPE_FIELDS, Set.of(), "its file");
        if (!ENVELOPE_FORMAT.equals(envelope.path("format").asText(null))) {
            throw new TrustException("The release is refused: its file is not of format " + ENVELOPE_FORMAT + ".");
        }
        if (!envelope.path("payload").isTextual() || !envelope.path("keyId").isTextual()) {
            throw new TrustException("The release is refused: its file has no payload or no keyId.");
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = Base64.getDecoder().decode(envelope.get("payload").asText());
            signature = Base64.getDecoder().decode(envelope.get("signature").asText());
        } catch (IllegalArgumentException e) {
            throw new TrustException("The release is refused: its payload or signature is not valid base64.", e);
        }
        String keyId = envelope.get("keyId").asText();
        SigningKey key = pinned.stream().filter(k -> k.keyId().equals(keyId)).findFirst().orElseThrow(() ->
                new TrustException("The release is refused: it is signed with key " + keyId
                        + ", which is not a pinned key of this remote."));
        boolean valid;
        try {
            valid = verifies(key.publicKey(), signedBytes(payload), signature);
        } catch (GeneralSecurityException e) {
            valid = false;
        }
        if (!valid) {
            throw new TrustException("The release is refused: its signature does not verify with the pinned key " + keyId + ".");
        }
        ReleaseMetadata metadata = payload(payload);
        if (!metadata.keyId().equals(keyId)) {
            throw new TrustException("The release is refused: its payload names key " + metadata.keyId()
                    + " but it is signed with " + keyId + ".");
        }
        return metadata;
    }

    /**
     * Checks an index file against the release that signs it.
     *
     * @throws TrustException when its length or SHA-256 differs from the signed ones
     */
    static void checkIndex(ReleaseMetadata release, DurableFiles.Content index) throws TrustException {
        if (index.size() != release.indexLength() || !index.sha256().equals(release.indexSha256())) {
            throw new TrustException("The index " + release.indexPath() + " is refused: its SHA-256 " + index.sha256()
                    + " and length " + index.size() + " differ from the " + release.indexSha256() + " and "
                    + release.indexLength() + " signed in release " + release.counter() + ".");
        }
    }

    /**
     * Checks a downloaded JAR against the signed index.
     *
     * @throws TrustException when no entry of the index has its SHA-256 and size
     */
    static RemoteIndexEntry checkJar(Collection<RemoteIndexEntry> signedIndex, DurableFiles.Content jar, String what)
            throws TrustException {
        for (RemoteIndexEntry entry : signedIndex) {
            if (entry.sha256().equals(jar.sha256()) && entry.size() == jar.size()) {
                return entry;
            }
        }
        throw new TrustException("The JAR " + what + " is refused: its SHA-256 " + jar.sha256() + " is not in the signed index.");
    }

    static byte[] sign(PrivateKey key, byte[] data) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(SigningKey.ALGORITHM);
        signature.initSign(key);
        signature.update(data);
        return signature.sign();
    }

    static boolean verifies(PublicKey key, byte[] data, byte[] signatureBytes) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(SigningKey.ALGORITHM);
        signature.initVerify(key);
        signature.update(data);
        return signature.verify(signatureBytes);
    }

    private static byte[] signedBytes(byte[] payload) {
        byte[] domain = DOMAIN.getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[domain.length + payload.length];
        System.arraycopy(domain, 0, data, 0, domain.length);
        System.arraycopy(payload, 0, data, domain.length, payload.length);
        return data;
    }

    private static ReleaseMetadata payload(byte[] payload) throws TrustException {
        JsonNode node = parse(payload, "its signed payload");
        requireFields(node, PAYLOAD_FIELDS, OPTIONAL_PAYLOAD_FIELDS, "its signed payload");
        if (node.path("format").asLong(-1) != PAYLOAD_FORMAT || !node.get("format").isIntegralNumber()) {
            throw new TrustException("The release is refused: its signed payload is not of format " + PAYLOAD_FORMAT + ".");
        }
        JsonNode index = node.path("index");
        requireFields(index, INDEX_FIELDS, Set.of(), "its index");
        if (!node.path("counter").isIntegralNumber() || !index.path("length").isIntegralNumber()
                || !index.path("path").isTextual() || !index.path("sha256").isTextual() || !node.path("keyId").isTextual()
                || node.has("reportUrl") && !node.get("reportUrl").isTextual()) {
            throw new TrustException("The release is refused: its signed payload has a field of the wrong type.");
        }
        String sha256 = index.get("sha256").asText();
        if (!SHA256.matcher(sha256).matches()) {
            throw new TrustException("The release is refused: its index SHA-256 is not 64 lower-case hex digits.");
        }
        String path = index.get("path").asText();
        if (path.isEmpty() || path.startsWith("/") || path.contains("..") || path.contains("\\") || path.contains(":")) {
            throw new TrustException("The release is refused: its index path \"" + path + "\" is not a plain relative path.");
        }
        List<Channel> channels = channels(node);
        Instant issued;
        Instant expires;
        try {
            issued = Instant.parse(node.path("issued").asText());
            expires = Instant.parse(node.path("expires").asText());
        } catch (DateTimeParseException e) {
            throw new TrustException("The release is refused: its signed payload has an invalid value (" + e.getMessage() + ").", e);
        }
        String reportUrl = node.has("reportUrl") ? node.get("reportUrl").asText() : null;
        try {
            return new ReleaseMetadata(node.get("counter").asLong(), issued, expires, path, sha256, index.get("length").asLong(),
                    node.get("keyId").asText(), channels, reportUrl);
        } catch (IllegalArgumentException e) {
            throw refusedBecause(e);
        }
    }

    /** The channels of a payload, each strictly typed; none when it has no {@code "channels"}. */
    private static List<Channel> channels(JsonNode payload) throws TrustException {
        if (!payload.has("channels")) {
            return List.of();
        }
        JsonNode array = payload.get("channels");
        if (!array.isArray()) {
            throw new TrustException("The release is refused: its \"channels\" is not a JSON array.");
        }
        List<Channel> channels = new ArrayList<>();
        for (JsonNode channel : array) {
            requireFields(channel, CHANNEL_FIELDS, Set.of(), "a channel of its signed payload");
            if (!channel.get("name").isTextual() || !channel.get("symbolicName").isTextual() || !channel.get("version").isTextual()
                    || !channel.get("rollout").isIntegralNumber() || !channel.get("rollout").canConvertToInt()) {
                throw new TrustException("The release is refused: a channel of its signed payload has a field of the wrong type.");
            }
            try {
                channels.add(new Channel(channel.get("name").asText(), channel.get("symbolicName").asText(),
                        channel.get("version").asText(), channel.get("rollout").asInt()));
            } catch (IllegalArgumentException e) {
                throw refusedBecause(e);
            }
        }
        return channels;
    }

    private static TrustException refusedBecause(IllegalArgumentException e) {
        String reason = String.valueOf(e.getMessage());
        reason = reason.endsWith(".") ? reason.substring(0, reason.length() - 1) : reason;
        reason = reason.isEmpty() ? reason : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
        return new TrustException("The release is refused: " + reason + ".", e);
    }

    private static JsonNode parse(byte[] bytes, String what) throws TrustException {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new TrustException("The release is refused: " + what + " is not a JSON object.");
            }
            return node;
        } catch (IOException e) {
            throw new TrustException("The release is refused: " + what + " is not valid JSON.", e);
        }
    }

    private static void requireFields(JsonNode node, Set<String> fields, Set<String> optional, String what) throws TrustException {
        if (!node.isObject()) {
            throw new TrustException("The release is refused: " + what + " is not a JSON object.");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name) && !optional.contains(name)) {
                throw new TrustException("The release is refused: " + what + " has the unknown field \"" + name + "\".");
            }
        }
        for (String field : fields) {
            if (!node.has(field)) {
                throw new TrustException("The release is refused: " + what + " has no \"" + field + "\".");
            }
        }
    }
}
