package gtach.provisioning.fleet.internal;

import gtach.provisioning.fleet.FailedRelease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FollowStateFileTest {

    @TempDir
    Path state;

    @Test
    void aStateIsReadBackAsItWasWrittenAndNoFileIsNothingFollowed() throws Exception {
        FollowStateFile file = new FollowStateFile(state);
        assertThat(file.read()).isEqualTo(FollowState.NOTHING);
        FollowState written = FollowState.NOTHING.following("fleet", "stable", 3)
                .failing(new FailedRelease("gtach.example.app", "1.2.0", "it did not verify", Instant.parse("2026-12-05T10:00:00Z")))
                .moved("gtach.example.app 1.1.0", 4)
                .polled(Instant.parse("2026-12-05T10:05:00Z"), "runs gtach.example.app 1.1.0, as channel stable names.",
                        "gtach.example.app 1.1.0 (100 %)");

        file.write(written);

        assertThat(file.read()).isEqualTo(written);
        assertThat(Files.list(state)).containsExactly(state.resolve("fleet.json"));
    }

    @Test
    void aFileThisRuntimeDidNotWriteIsNamedInOneSentence() throws Exception {
        FollowStateFile file = new FollowStateFile(state);
        Files.writeString(state.resolve("fleet.json"), "{\"format\":1,\"remote\":\"fleet\",\"surprise\":true}");
        assertThatThrownBy(file::read).hasMessageStartingWith("The follow state " + state.resolve("fleet.json")
                + " is not one this runtime wrote");

        Files.writeString(state.resolve("fleet.json"), "{\"format\":1,\"remote\":\"fleet\",\"channel\":null,\"knownGeneration\":1}");
        assertThatThrownBy(file::read).hasMessage("The follow state " + state.resolve("fleet.json") + " is not one this runtime wrote.");

        Files.writeString(state.resolve("fleet.json"), "not json");
        assertThatThrownBy(file::read).hasMessageStartingWith("The follow state");
    }
}
