package gtach.provisioning.log.internal;

import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.NoSuchFileException;

import static org.assertj.core.api.Assertions.assertThat;

class CauseLineTest {

    @Test
    void invocationTargetExceptionIsUnwrapped() {
        Exception thrown = new InvocationTargetException(new IllegalArgumentException(
                "/home/pi/.gtach/state/current holds \"abc\", not a generation number."));

        assertThat(CauseLine.of(thrown)).isEqualTo("/home/pi/.gtach/state/current holds \"abc\", not a generation number.");
    }

    @Test
    void theInnermostMessageWins() {
        Exception thrown = new RuntimeException("outer words", new IllegalStateException("what went wrong"));

        assertThat(CauseLine.of(thrown)).isEqualTo("what went wrong");
    }

    @Test
    void aCauseWithoutMessageLeavesTheLastMessageAbove() {
        Exception thrown = new IllegalStateException("cannot read the state", new NullPointerException());

        assertThat(CauseLine.of(thrown)).isEqualTo("cannot read the state");
    }

    @Test
    void fileSystemExceptionsSayWhatHappenedToThePath() {
        assertThat(CauseLine.of(new InvocationTargetException(new NoSuchFileException("/x/generations/1.json"))))
                .isEqualTo("/x/generations/1.json: no such file");
    }

    @Test
    void noMessageAnywhereIsTheClassName() {
        assertThat(CauseLine.of(new InvocationTargetException(null))).isEqualTo("InvocationTargetException");
    }

    @Test
    void felixLogsWrapperIsDropped() {
        Exception wrapped = new Exception("java.io.IOException: disk full") {
            @Override
            public String toString() {
                return CauseLine.FELIX_WRAPPER + getMessage();
            }
        };

        assertThat(CauseLine.of(wrapped)).isEqualTo("disk full");
    }
}
