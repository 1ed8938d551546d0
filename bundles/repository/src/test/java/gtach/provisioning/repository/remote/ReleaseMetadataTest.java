package gtach.provisioning.repository.remote;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseMetadataTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    private static ReleaseMetadata release(List<Channel> channels, String reportUrl) {
        return new ReleaseMetadata(1, NOW, NOW.plusSeconds(60), "index-1.xml.gz", "ab".repeat(32), 10, "0123456789abcdef",
                channels, reportUrl);
    }

    @Test
    void channelsAreCopiedSortedByNameAndFoundByName() {
        // Given a modifiable list of channels out of order
        List<Channel> given = new ArrayList<>(List.of(new Channel("stable", "app", "1.1", 25), new Channel("beta", "app", "1.2.0", 100)));

        // When a release is made of it and the list changes afterwards
        ReleaseMetadata release = release(given, null);
        given.clear();

        // Then the release keeps its own sorted copy, with the version in canonical form
        assertThat(release.channels()).extracting(Channel::name).containsExactly("beta", "stable");
        assertThat(release.channel("stable")).contains(new Channel("stable", "app", "1.1.0", 25));
        assertThat(release.channel("stable").orElseThrow().version()).isEqualTo("1.1.0");
        assertThat(release.channel("nightly")).isEmpty();
        assertThatThrownBy(() -> release.channels().add(new Channel("x", "app", "1", 1)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theSevenComponentConstructorMakesAReleaseWithoutChannelsOrReportUrl() {
        ReleaseMetadata release = new ReleaseMetadata(1, NOW, NOW.plusSeconds(60), "index-1.xml.gz", "ab".repeat(32), 10, "0123456789abcdef");

        assertThat(release.channels()).isEmpty();
        assertThat(release.reportUrl()).isNull();
        assertThat(release(null, null)).isEqualTo(release);
    }

    @Test
    void badChannelsAndReportUrlsAreRefusedInOneSentence() {
        assertThatThrownBy(() -> new Channel("a/b", "app", "1.0.0", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Channel name \"a/b\" is not 1 to 63 lower-case letters, digits, '.', '_' or '-' beginning"
                        + " with a letter or digit.");
        assertThatThrownBy(() -> new Channel("x".repeat(64), "app", "1.0.0", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Channel("x".repeat(63), "app", "1.0.0", 0).rollout()).isZero();
        assertThatThrownBy(() -> new Channel("stable", "app;singleton:=true", "1.0.0", 1))
                .hasMessage("The symbolic name \"app;singleton:=true\" of channel stable is not an OSGi symbolic name.");
        assertThatThrownBy(() -> new Channel("stable", "app", "1.0.0-rc.1", 1))
                .hasMessage("The version \"1.0.0-rc.1\" of channel stable is not an OSGi version.");
        assertThatThrownBy(() -> new Channel("stable", "app", "1.0.0", 101))
                .hasMessage("The rollout of channel stable is 101, not a percentage from 0 to 100.");
        assertThatThrownBy(() -> release(List.of(new Channel("stable", "app", "1", 1), new Channel("stable", "app", "2", 1)), null))
                .hasMessage("Channel stable is named twice.");
        assertThatThrownBy(() -> release(List.of(), "mailto:ops@example.org"))
                .hasMessage("The report URL \"mailto:ops@example.org\" is not an absolute http or https URL.");
        assertThat(release(List.of(), "http://10.0.0.1:8080/status?fleet=north").reportUrl())
                .isEqualTo("http://10.0.0.1:8080/status?fleet=north");
    }
}
