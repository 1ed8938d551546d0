package gtach.provisioning.shell.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.metatype.AttributeDefinition;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SettingRulesTest {

    @TempDir
    Path temp;

    @Test
    void durationMustBePositiveInItsUnit() {
        assertThat(SettingRules.problem(setting("verifyTimeoutSeconds", AttributeDefinition.INTEGER), -5))
                .hasValue("it must be a positive number of seconds");
        assertThat(SettingRules.problem(setting("lifecycleTimeoutSeconds", AttributeDefinition.INTEGER), 0))
                .hasValue("it must be a positive number of seconds");
        assertThat(SettingRules.problem(setting("verifyTimeoutSeconds", AttributeDefinition.INTEGER), 60)).isEmpty();
    }

    @Test
    void countMustBePositive() {
        assertThat(SettingRules.problem(setting("abandonAfterFailedBoots", AttributeDefinition.INTEGER), 0))
                .hasValue("it must be a positive whole number");
    }

    @Test
    void pathThatCannotBeCreatedIsRefused() {
        assertThat(SettingRules.problem(setting("path", AttributeDefinition.STRING), "/proc/nope"))
                .hasValueSatisfying(problem -> assertThat(problem).startsWith("it cannot be created or written: /proc/nope"));
    }

    @Test
    void relativePathIsRefused() {
        assertThat(SettingRules.problem(setting("directory", AttributeDefinition.STRING), "log"))
                .hasValue("it must be an absolute path");
    }

    @Test
    void fileIsNotADirectory() throws Exception {
        Path file = Files.writeString(temp.resolve("plain"), "x");

        assertThat(SettingRules.problem(setting("path", AttributeDefinition.STRING), file.toString()))
                .hasValue("it is not a directory");
    }

    @Test
    void directoryThatCanBeCreatedPassesAndIsNotLeftBehind() {
        // Given a path two levels below an existing, writable directory
        Path repository = temp.resolve("new/repository");

        // Then it passes, and the check leaves nothing behind
        assertThat(SettingRules.problem(setting("path", AttributeDefinition.STRING), repository.toString())).isEmpty();
        assertThat(temp.resolve("new")).doesNotExist();
    }

    @Test
    void existingDirectoryPassesAndKeepsNothingOfTheCheck() throws Exception {
        assertThat(SettingRules.problem(setting("path", AttributeDefinition.STRING), temp.toString())).isEmpty();
        try (var left = Files.list(temp)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void otherTextIsNotAPath() {
        assertThat(SettingRules.problem(setting("level", AttributeDefinition.STRING), "nope")).isEmpty();
    }

    private static AttributeDefinition setting(String id, int type) {
        return new AttributeDefinition() {
            @Override public String getName() { return id; }
            @Override public String getID() { return id; }
            @Override public String getDescription() { return id; }
            @Override public int getCardinality() { return 0; }
            @Override public int getType() { return type; }
            @Override public String[] getOptionValues() { return null; }
            @Override public String[] getOptionLabels() { return null; }
            @Override public String validate(String value) { return ""; }
            @Override public String[] getDefaultValue() { return null; }
        };
    }
}
