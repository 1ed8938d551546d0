package gtach.provisioning.repository.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gtach.provisioning.repository.remote.TrustException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An Ed25519 key of a remote repository, as the JDK's own {@code java.security} makes and uses it.
 * The key files are JSON: {@code {"format":"gtach.key/1","algorithm":"Ed25519","keyId":…,
 * "publicKey":<base64 X.509>}} for the public file, plus {@code "privateKey":<base64 PKCS#8>} for
 * the private one (the JDK cannot derive an Ed25519 public key from the private one, so both travel
 * together). The key id is the first 16 hex digits of the SHA-256 of the public key's X.509 form.
 */
record SigningKey(String keyId, PublicKey publicKey, Optional<PrivateKey> privateKey) {

    static final String FORMAT = "gtach.key/1";
    static final String ALGORITHM = "Ed25519";
    private static final int MAX_KEY_FILE_BYTES = 64 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder(MetadataFormat.strictFactory(MAX_KEY_FILE_BYTES, true)).build();

    /** A new key pair. */
    static SigningKey generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            return new SigningKey(keyId(pair.getPublic()), pair.getPublic(), Optional.of(pair.getPrivate()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JDK has no Ed25519", e);
        }
    }

    /** The key id of a public key: the first 16 hex digits of the SHA-256 of its X.509 encoding. */
    static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JDK has no SHA-256", e);
        }
    }

    /** This key without its private half. */
    SigningKey publicOnly() {
        return new SigningKey(keyId, publicKey, Optional.empty());
    }

    /** The public key file's content. */
    byte[] publicFile() {
        return toJson(false);
    }

    /** The private key file's content, holding the public key too. */
    byte[] privateFile() {
        if (privateKey.isEmpty()) {
            throw new IllegalStateException("Key " + keyId + " has no private half");
        }
        return toJson(true);
    }

    private byte[] toJson(boolean withPrivate) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("format", FORMAT);
        node.put("algorithm", ALGORITHM);
        node.put("keyId", keyId);
        node.put("publicKey", Base64.getEncoder().encodeToString(publicKey.getEncoded()));
        if (withPrivate) {
            node.put("privateKey", Base64.getEncoder().encodeToString(privateKey.orElseThrow().getEncoded()));
        }
        try {
            return (MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a key file, public or private.
     *
     * @param requirePrivate whether the file must hold the private key
     * @throws TrustException when it is no key file of ours, with the reason in one sentence
     * @throws IOException when it cannot be read
     */
    static SigningKey read(Path file, boolean requirePrivate) throws TrustException, IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_KEY_FILE_BYTES + 1);
        }
        if (bytes.length > MAX_KEY_FILE_BYTES) {
            throw new TrustException("The key file " + file + " is refused: it is larger than 64 KiB, so it is no GTach key file.");
        }
        return parse(bytes, requirePrivate, file.toString());
    }

    /** Parses a key file's content; {@code what} names it in messages. */
    static SigningKey parse(byte[] bytes, boolean requirePrivate, String what) throws TrustException {
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new TrustException("The key file " + what + " is refused: it is not valid JSON.", e);
        }
        if (node == null || !node.isObject() || !FORMAT.equals(node.path("format").asText(null))
                || !ALGORITHM.equals(node.path("algorithm").asText(null)) || !node.path("publicKey").isTextual()) {
            throw new TrustException("The key file " + what + " is refused: it is not a " + FORMAT + " Ed25519 key file.");
        }
        try {
            KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
            PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(
                    Base64.getDecoder().decode(node.get("publicKey").asText())));
            String id = keyId(publicKey);
            if (node.has("keyId") && !id.equals(node.get("keyId").asText())) {
                throw new TrustException("The key file " + what + " is refused: its keyId " + node.get("keyId").asText()
                        + " is not the id " + id + " of its public key.");
            }
            Optional<PrivateKey> privateKey = Optional.empty();
            if (node.path("privateKey").isTextual()) {
                privateKey = Optional.of(factory.generatePrivate(new PKCS8EncodedKeySpec(
                        Base64.getDecoder().decode(node.get("privateKey").asText()))));
            }
            if (requirePrivate && privateKey.isEmpty()) {
                throw new TrustException("The key file " + what + " is refused: it holds only a public key, and signing needs the private one.");
            }
            SigningKey key = new SigningKey(id, publicKey, privateKey);
            if (privateKey.isPresent() && !key.signs(key)) {
                throw new TrustException("The key file " + what + " is refused: its private key does not belong to its public key.");
            }
            return key;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TrustException("The key file " + what + " is refused: its keys cannot be decoded as Ed25519 ("
                    + e.getMessage() + ").", e);
        }
    }

    private boolean signs(SigningKey key) throws GeneralSecurityException {
        byte[] probe = "gtach key check".getBytes(StandardCharsets.US_ASCII);
        return ReleaseTrust.verifies(key.publicKey, probe, ReleaseTrust.sign(privateKey.orElseThrow(), probe));
    }
}
