package gtach.provisioning.itests;

import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.repository.remote.Remote;
import gtach.provisioning.repository.remote.RemoteRepositories;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Remotes kept in the real Config Admin through the repository bundle's DS component. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RemoteRepositoriesTest extends ProvisioningTestBase {

    private static String keyFile(PublicKey key) throws Exception {
        String keyId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded())).substring(0, 16);
        return "{\"format\":\"gtach.key/1\",\"algorithm\":\"Ed25519\",\"keyId\":\"" + keyId + "\",\"publicKey\":\""
                + Base64.getEncoder().encodeToString(key.getEncoded()) + "\"}\n";
    }

    @Test
    public void aRemoteIsKeptAsAFactoryConfigurationWithItsKeyAndRemovedAgain() throws Exception {
        RemoteRepositories remotes = service(RemoteRepositories.class);
        ConfigurationAdmin configurations = service(ConfigurationAdmin.class);
        Path key = Files.createTempFile("remote", ".pub");
        Files.writeString(key, keyFile(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()));

        Remote added = remotes.add("fleet", "http://127.0.0.1:9/site", key, false);

        assertThat(remotes.list()).containsExactly(added);
        Configuration[] stored = configurations.listConfigurations("(service.factoryPid=gtach.provisioning.repository.remote)");
        assertThat(stored).hasSize(1);
        assertThat(stored[0].getProperties().get("name")).isEqualTo("fleet");
        assertThat(stored[0].getProperties().get("keyId")).isEqualTo(added.keyId());
        assertThat((String) stored[0].getProperties().get("key")).contains(added.keyId());
        assertThatThrownBy(() -> remotes.add("fleet", "https://example.org/", key, false))
                .hasMessage("Cannot add remote fleet: a remote of that name exists already; nothing was changed.");
        Files.delete(key);

        remotes.remove("fleet");
        assertThat(remotes.list()).isEmpty();
        assertThat(configurations.listConfigurations("(service.factoryPid=gtach.provisioning.repository.remote)")).isNull();
    }

    @Test
    public void aMavenRemoteIsKeptWithItsKindAndNoKeyAndTheRepositoryAsksItForCoordinates() throws Exception {
        RemoteRepositories remotes = service(RemoteRepositories.class);
        ConfigurationAdmin configurations = service(ConfigurationAdmin.class);
        PackageRepository repository = service(PackageRepository.class);
        String coordinate = "mvn:org.example.absent/display/1.0.0";
        assertThatThrownBy(() -> repository.add(coordinate)).hasMessageContaining("local Maven repository");

        // nothing listens on port 9: the add must fail naming the remote it asked
        Remote added = remotes.addMaven("central", "http://127.0.0.1:9/maven2", false);

        assertThat(added.kind()).isEqualTo(Remote.Kind.MAVEN);
        assertThat(remotes.list()).containsExactly(added);
        Configuration[] stored = configurations.listConfigurations("(service.factoryPid=gtach.provisioning.repository.remote)");
        assertThat(stored).hasSize(1);
        assertThat(stored[0].getProperties().get("kind")).isEqualTo("maven");
        assertThat(stored[0].getProperties().get("url")).isEqualTo("http://127.0.0.1:9/maven2/");
        assertThat(stored[0].getProperties().get("key")).isNull();
        assertThatThrownBy(() -> repository.add(coordinate)).hasMessageContaining("127.0.0.1:9");
        assertThatThrownBy(() -> remotes.fetch("central")).hasMessageContaining("is a Maven repository");

        remotes.remove("central");
        assertThat(remotes.list()).isEmpty();
        assertThatThrownBy(() -> repository.add(coordinate)).hasMessageContaining("local Maven repository");
    }
}
