package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.Version;

import java.nio.file.Path;

/** How operators' texts are read: versions, name globs and Maven coordinates. */
class SourceNamesTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "1.2.3              | 1.2.3",
        "1.2                | 1.2.0",
        "1                  | 1.0.0",
        "1.2.3.rc_1         | 1.2.3.rc_1",
        "1.2.3-rc.1         | 1.2.3.rc_1",
        "1.2.3-rc.1+build.5 | 1.2.3.rc_1__build_5",
        "1.2.3+exp          | 1.2.3.__exp",
        "1.0.0.v2024-01     | 1.0.0.v2024-01",
        "' 1.0.0 '          | 1.0.0",
    })
    void readsOsgiAndSemverVersions(String text, String osgi) {
        // When / Then
        assertThat(VersionText.parse(text)).isEqualTo(Version.parseVersion(osgi));
    }

    @Test
    void refusesTextThatIsNeither() {
        // When / Then
        assertThatThrownBy(() -> VersionText.parse("1.2.3-"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid version \"1.2.3-\": it is neither an OSGi version nor a semantic version.");
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "*           | anything.at.all | true",
        "**          | x               | true",
        "gtach.*     | gtach.tach      | true",
        "gtach.*     | gtach           | false",
        "*.tach      | gtach.tach      | true",
        "g?ach.tach  | gtach.tach      | true",
        "g?ach.tach  | gach.tach       | false",
        "gtach.tach  | gtachxtach      | false",
        "a+b         | a+b             | true",
        "a+b         | aab             | false",
    })
    void globsMatchWholeNames(String glob, String name, boolean matches) {
        // When / Then
        assertThat(Glob.of(glob).matches(name)).isEqualTo(matches);
    }

    @Test
    void mavenCoordinatesMapToLocalRepositoryPaths() {
        // Given
        Path repository = Path.of("/m2");

        // When / Then
        assertThat(MavenCoordinate.parse("mvn:org.apache.commons/commons-lang3/3.17.0").path(repository))
                .isEqualTo(Path.of("/m2/org/apache/commons/commons-lang3/3.17.0/commons-lang3-3.17.0.jar"));
        assertThat(MavenCoordinate.parse("mvn:g.h/a/1.0/zip").path(repository)).isEqualTo(Path.of("/m2/g/h/a/1.0/a-1.0.zip"));
        assertThat(MavenCoordinate.parse("mvn:g/a/1.0/jar/osgi").path(repository)).isEqualTo(Path.of("/m2/g/a/1.0/a-1.0-osgi.jar"));
        assertThat(MavenCoordinate.parse("mvn:g/a/1.0/jar/osgi")).hasToString("mvn:g/a/1.0/jar/osgi");
        assertThat(MavenCoordinate.parse("mvn:g/a/1.0")).hasToString("mvn:g/a/1.0");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "mvn:g/a/1.0/jar/osgi/extra | a Maven coordinate is mvn:group/artifact/version[/type[/classifier]]",
        "mvn:g//1.0                 | \"\" is not a valid part of a Maven coordinate",
        "mvn:g/.hidden/1.0          | \".hidden\" is not a valid part of a Maven coordinate",
        "mvn:g/a/1..0               | \"1..0\" is not a valid part of a Maven coordinate",
        "mvn:g\\h/a/1.0             | \"g\\h\" is not a valid part of a Maven coordinate",
    })
    void refusesMalformedCoordinates(String text, String problem) {
        // When / Then
        assertThatThrownBy(() -> MavenCoordinate.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot add " + text + ": " + problem + "; nothing was changed.");
    }
}
