package gtach.provisioning.itests;

import gtach.provisioning.itests.ReadmeWalkthrough.Step;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ReadmeWalkthroughTest {

    private static final String README = String.join("\n",
            "# Title",
            "```sh",
            "not-this-section",
            "```",
            "## Try it",
            "Some prose.",
            "```sh",
            "g() { echo \"$1\"; }",
            "g \"gtach:status\"",
            "# Generation 1 (install …)",
            "# …",
            "# Log: …/gtach.log",
            "```",
            "More prose.",
            "```sh",
            "g \"gtach:update bad\"",
            "# Cannot update bad; generation 3 is running again.",
            "# [exit 1]",
            "```",
            "## Next section",
            "```sh",
            "ignored",
            "```");

    @Test
    void readsTheCommandsOfTheSectionWithTheirOutputAndStatus() {
        List<Step> steps = ReadmeWalkthrough.of(README, "## Try it");
        assertThat(steps).extracting(Step::command)
                .containsExactly("g() { echo \"$1\"; }", "g \"gtach:status\"", "g \"gtach:update bad\"");
        assertThat(steps.get(0).output()).isEmpty();
        assertThat(steps.get(1).output()).containsExactly("Generation 1 (install …)", "…", "Log: …/gtach.log");
        assertThat(steps.get(2).status()).isEqualTo(1);
        assertThat(steps.get(1).status()).isZero();
    }

    @Test
    void anEllipsisStandsForAnyTextOrAnyLines() {
        Step status = ReadmeWalkthrough.of(README, "## Try it").get(1);
        assertThat(status.matches(List.of("Generation 1 (install tach)", "a", "b", "Log: /h/log/gtach.log", ""))).isTrue();
        assertThat(status.matches(List.of("Generation 1 (install tach)", "Log: /h/log/gtach.log"))).isTrue();
        assertThat(status.matches(List.of("Generation 2 (install tach)", "Log: /h/log/gtach.log"))).isFalse();
        assertThat(status.matches(List.of("Generation 1 (install tach)", "Log: /h/log/gtach.log", "more"))).isFalse();
        assertThat(status.matches(List.of("Generation 1 (install tach)"))).isFalse();
    }

    @Test
    void spacesAfterAnEllipsisKeepATablesColumnsAligned() {
        Step row = new Step("g", List.of("…   gtach.example.tach  1.1.0"), 0);
        assertThat(row.matches(List.of("25  gtach.example.tach  1.1.0"))).isTrue();
        assertThat(row.matches(List.of("125 gtach.example.tach  1.1.0"))).isTrue();
        assertThat(row.matches(List.of("25  gtach.example.tach 1.1.0"))).isFalse();
    }

    @Test
    void aCommandWithNoOutputShownMustPrintNothing() {
        Step definition = ReadmeWalkthrough.of(README, "## Try it").get(0);
        assertThat(definition.matches(List.of())).isTrue();
        assertThat(definition.matches(List.of("surprise"))).isFalse();
    }

    @Test
    void aMissingSectionIsAnError() {
        assertThatIllegalArgumentException().isThrownBy(() -> ReadmeWalkthrough.of(README, "## Missing"));
    }
}
