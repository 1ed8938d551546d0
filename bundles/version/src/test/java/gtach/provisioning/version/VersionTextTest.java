package gtach.provisioning.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.Version;

class VersionTextTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "1                  | 1.0.0",
        "1.2                | 1.2.0",
        "1.2.3              | 1.2.3",
        "1.2.3.rc_1         | 1.2.3.rc_1",
        "1.2.3-rc.1         | 1.2.3.rc_1",
        "1.2.3+b.5          | 1.2.3.__b_5",
        "1.4.1.202109301733 | 1.4.1.202109301733",
        "1.0.0.v2024-01     | 1.0.0.v2024-01",
        "0.0.0              | 0.0.0",
    })
    void readsOsgiAndSemVerText(String text, String osgi) {
        assertThat(VersionText.parse(text)).isEqualTo(Version.parseVersion(osgi));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``            | expected the major version but found the end of the text at character 1",
        "01.2          | numeric identifier \"01\" has a leading zero at character 1",
        "1.2.03        | numeric identifier \"03\" has a leading zero at character 5",
        "`1.2 `        | whitespace is not allowed at character 4",
        "+1            | expected the major version but found '+' at character 1",
        "1.2.3.        | expected the qualifier but found the end of the text at character 7",
        "[1,2)         | expected the major version but found '[' at character 1",
        "^1.2          | expected the major version but found '^' at character 1",
    })
    void refusesWhatIsNotStrictlyOneVersion(String text, String problem) {
        assertThatThrownBy(() -> VersionText.parse(text))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid version \"" + text + "\": " + problem);
    }

    @ParameterizedTest(name = "{0} shows as {1}")
    @CsvSource(delimiter = '|', value = {
        "1.2.3               | 1.2.3",
        "1.2.3.rc_1          | 1.2.3-rc.1",
        "1.2.3.SNAPSHOT      | 1.2.3-SNAPSHOT",
        "1.2.3.__b_5         | 1.2.3+b.5",
        "1.4.1.202109301733  | 1.4.1.202109301733",
        "1.0.0.v20210930-1200 | 1.0.0.v20210930-1200",
        "5.3.1.Final         | 5.3.1.Final",
        "1.0.0.rc_01         | 1.0.0.rc_01",
    })
    void showsSemVerUnlessTheQualifierMarksAReleaseOrHasNoReading(String osgi, String shown) {
        assertThat(VersionText.display(Version.parseVersion(osgi))).isEqualTo(shown);
    }

    @Test
    void refusesNull() {
        assertThatNullPointerException().isThrownBy(() -> VersionText.parse(null)).withMessage("text");
        assertThatNullPointerException().isThrownBy(() -> VersionText.display(null)).withMessage("version");
    }
}
