package gtach.provisioning.shell.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TableTest {

    private static final String NL = System.lineSeparator();
    private static final String BOLD = "\u001B[1m";
    private static final String GREEN = "\u001B[32m";
    private static final String RESET = "\u001B[0m";

    private static Table outcomes() {
        return new Table("GEN", "OUTCOME", "REASON")
                .row(1, Style.GREEN.on("committed"), "")
                .row(12, "rolled back", "boom");
    }

    @Test
    void plainTableIsAlignedWithoutTrailingBlanksOrEscapes() {
        String plain = "GEN  OUTCOME      REASON" + NL
                + "1    committed" + NL
                + "12   rolled back  boom" + NL;
        assertThat(outcomes().render(false)).isEqualTo(plain);
        assertThat(outcomes().toString()).isEqualTo(plain);
    }

    @Test
    void colourMakesTheHeadingsBoldAndStylesCellsWithoutMovingColumns() {
        assertThat(outcomes().render(true)).isEqualTo(
                BOLD + "GEN  OUTCOME      REASON" + RESET + NL
                + "1    " + GREEN + "committed" + RESET + NL
                + "12   rolled back  boom" + NL);
    }
}
