package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which names may become directory and file names. */
class SafeNamesTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tach", "gtach.provisioning.repository", "com.fasterxml.jackson.core.jackson-databind",
        "a_b-c.D9", "-dash", "console.log", "com10", "CONSOLE"})
    void acceptsOsgiSymbolicNames(String name) {
        // When / Then
        assertThat(SafeNames.symbolicNameProblem(name)).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "''          | it is empty",
        "'.'         | it has an empty segment (a leading, trailing or doubled dot)",
        "'a\\b'      | it contains the character '\\'",
        "'a:b'       | it contains the character ':'",
        "'a*'        | it contains the character '*'",
        "COM1        | it is a device name reserved by Windows",
        "aux.data    | it is a device name reserved by Windows",
        "prn         | it is a device name reserved by Windows",
        "packages    | it is a name the repository reserves for its own files",
        "Generation  | it is a name the repository reserves for its own files",
    })
    void refusesUnsafeNames(String name, String problem) {
        // When / Then
        assertThat(SafeNames.symbolicNameProblem(name)).contains(problem);
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x00, 0x01, 0x09, 0x0a, 0x1f, 0x7f})
    void refusesControlCharacters(int codePoint) {
        // When / Then
        assertThat(SafeNames.symbolicNameProblem("a" + (char) codePoint + "b"))
                .contains(String.format("it contains the character U+%04X", codePoint));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1.0.0", "1.2.3.rc_1", "1.0.0.v2024-01-01", "2147483647.0.0"})
    void acceptsVersionTexts(String version) {
        // When / Then
        assertThat(SafeNames.versionProblem(version)).isEmpty();
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {255, 256})
    void limitsNamesTo255Bytes(int length) {
        // Given
        String name = "a".repeat(length);

        // When / Then
        assertThat(SafeNames.symbolicNameProblem(name).isPresent()).isEqualTo(length > 255);
        assertThat(SafeNames.ownerProblem("a".repeat(length - 5)).isPresent()).isEqualTo(length > 255);
    }
}
