package gtach.provisioning.itests;

import aQute.bnd.osgi.repository.XMLResourceParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.resource.Resource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar gtach.jar keygen} and {@code publish} as an operator runs them; the result is
 * checked with bnd's own index parser and the JDK's own Ed25519, not with the code that wrote it.
 */
class PublishProcessTest {

    @TempDir
    Path dir;

    private record Run(int status, String out) {
    }

    private Run gtach(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(GtachProcess.java(), "-jar", GtachProcess.jar().toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(dir, "out", ".txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("gtach.jar " + String.join(" ", args) + " ends").isTrue();
        return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    @Test
    void keygenAndPublishWriteASignedRepositoryThatBndReads() throws Exception {
        // Given a key made by gtach.jar and two bundles
        assertThat(gtach("keygen", "site-key").status()).isEqualTo(0);
        Path jars = dir.resolve("jars-in");
        TestBundles.bundle("tach", "1.0.0").exports("gtach.tach;version=1.0.0").writeTo(jars);
        TestBundles.bundle("display", "1.0.0").imports("gtach.tach;version=\"[1,2)\"").writeTo(jars);

        // When they are published, then one more version
        Run first = gtach("publish", jars.toString(), "--to", "site", "--key", "site-key.key");
        assertThat(first.status()).as(first.out()).isEqualTo(0);
        Path more = dir.resolve("more");
        TestBundles.bundle("tach", "1.1.0").exports("gtach.tach;version=1.1.0").writeTo(more);
        Run second = gtach("publish", more.toString(), "--to", "site", "--key", "site-key.key", "--expires-days", "7");

        // Then release 2 holds all three, bnd reads the index, and the release verifies with the public key
        assertThat(second.status()).as(second.out()).isEqualTo(0);
        assertThat(second.out()).contains("Published release 2");
        Path site = dir.resolve("site");
        List<Resource> resources = XMLResourceParser.getResources(site.resolve("index.xml.gz").toFile());
        assertThat(resources).extracting(r -> r.getCapabilities("osgi.identity").get(0).getAttributes().get("osgi.identity") + " "
                + r.getCapabilities("osgi.identity").get(0).getAttributes().get("version"))
                .containsExactly("display 1.0.0", "tach 1.0.0", "tach 1.1.0");
        for (Resource resource : resources) {
            var content = resource.getCapabilities("osgi.content").get(0).getAttributes();
            Path jar = Path.of(java.net.URI.create(String.valueOf(content.get("url"))));
            assertThat(sha256(Files.readAllBytes(jar))).isEqualTo(content.get("osgi.content"));
            assertThat(Files.size(jar)).isEqualTo(content.get("size"));
        }

        String release = Files.readString(site.resolve("release.json"));
        byte[] payload = Base64.getDecoder().decode(field(release, "payload"));
        byte[] signature = Base64.getDecoder().decode(field(release, "signature"));
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                Base64.getDecoder().decode(field(Files.readString(dir.resolve("site-key.pub")), "publicKey"))));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update("gtach release v1\n".getBytes(StandardCharsets.US_ASCII));
        verifier.update(payload);
        assertThat(verifier.verify(signature)).isTrue();
        String signed = new String(payload, StandardCharsets.UTF_8);
        assertThat(signed).contains("\"counter\":2", "\"path\":\"index-2.xml.gz\"",
                "\"sha256\":\"" + sha256(Files.readAllBytes(site.resolve("index-2.xml.gz"))) + "\"");

        // and publishing again with the key refused leaves the site unchanged
        Run refused = gtach("publish", more.toString(), "--to", "site", "--key", "site-key.pub");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.out().trim()).isEqualTo("The key file site-key.pub is refused: it holds only a public key,"
                + " and signing needs the private one.");
        assertThat(Files.readString(site.resolve("release.json"))).isEqualTo(release);
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        assertThat(matcher.find()).as(name + " in " + json).isTrue();
        return matcher.group(1);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
