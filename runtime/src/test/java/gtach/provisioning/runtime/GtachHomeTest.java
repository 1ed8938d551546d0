package gtach.provisioning.runtime;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class GtachHomeTest {

    private static Properties system(String... keyValues) {
        Properties properties = new Properties();
        properties.setProperty("user.home", "/home/pi");
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    @Test
    void defaultsToDotGtachInTheUsersHome() {
        assertThat(GtachHome.resolve(system(), Map.of()).root()).isEqualTo(Path.of("/home/pi/.gtach"));
    }

    @Test
    void environmentOverridesTheDefault() {
        assertThat(GtachHome.resolve(system(), Map.of("GTACH_HOME", "/srv/gtach")).root()).isEqualTo(Path.of("/srv/gtach"));
    }

    @Test
    void systemPropertyOverridesTheEnvironment() {
        GtachHome home = GtachHome.resolve(system("gtach.home", "/tmp/g/../gtach"), Map.of("GTACH_HOME", "/srv/gtach"));
        assertThat(home.root()).isEqualTo(Path.of("/tmp/gtach"));
        assertThat(home.framework()).isEqualTo(Path.of("/tmp/gtach/framework"));
        assertThat(home.run()).isEqualTo(Path.of("/tmp/gtach/run"));
    }

    @Test
    void blankValuesAreIgnored() {
        assertThat(GtachHome.resolve(system("gtach.home", " "), Map.of("GTACH_HOME", "")).root())
                .isEqualTo(Path.of("/home/pi/.gtach"));
    }
}
