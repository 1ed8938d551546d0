package gtach.provisioning.shell.internal;

import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.update.UpdateRequest.Action;
import gtach.provisioning.version.SemanticRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestArgumentsTest {

    @Test
    void nameAndShorthandRangeBecomeAnInstallRequest() {
        // When
        UpdateRequest request = RequestArguments.request(Action.INSTALL, false, false, List.of("tach", "^1.1"));

        // Then
        assertThat(request).isEqualTo(UpdateRequest.install("tach", Optional.of(SemanticRange.parse("[1.1,2)"))));
        assertThat(request.toString()).isEqualTo("install tach ^1.1");
    }

    @Test
    void flagsBecomeRequestOptions() {
        UpdateRequest request = RequestArguments.request(Action.UPDATE, true, true, List.of("tach", "[1.0,1.1)"));

        assertThat(request.preReleases()).isTrue();
        assertThat(request.downgrade()).isTrue();
        assertThat(request.toString()).isEqualTo("update tach [1.0,1.1) --pre --downgrade");
        assertThat(RequestArguments.request(Action.UPDATE_ALL, false, false, List.of())).isEqualTo(UpdateRequest.updateAll());
    }

    @Test
    void wrongWordsAreRefusedWithOneSentence() {
        assertThatThrownBy(() -> RequestArguments.request(Action.INSTALL, false, false, List.of()))
                .hasMessage("install takes a symbolic name and at most one version range, but got nothing.");
        assertThatThrownBy(() -> RequestArguments.request(Action.UPDATE, false, false, List.of("a", "1.x", "b")))
                .hasMessage("update takes a symbolic name and at most one version range (or --all), but got 3 words (a 1.x b).");
        assertThatThrownBy(() -> RequestArguments.request(Action.UPDATE_ALL, false, false, List.of("tach")))
                .hasMessage("update --all names no package, but got \"tach\".");
        assertThatThrownBy(() -> RequestArguments.request(Action.INSTALL, false, false, List.of("[1,2)")))
                .hasMessage("\"[1,2)\" is not a symbolic name: use letters, digits, '.', '_' and '-', and put the name before the range.");
        assertThatThrownBy(() -> RequestArguments.request(Action.INSTALL, false, false, List.of("tach", "^1.x.2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("^1.x.2");
    }

    @Test
    void planTakesTheActionAsItsFirstWord() {
        assertThat(RequestArguments.action("update", true)).isEqualTo(Action.UPDATE_ALL);
        assertThat(RequestArguments.action("Uninstall", false)).isEqualTo(Action.UNINSTALL);
        assertThatThrownBy(() -> RequestArguments.action("upgrade", false))
                .hasMessage("Cannot plan \"upgrade\": the first word must be install, update or uninstall.");
        assertThatThrownBy(() -> RequestArguments.action("install", true)).hasMessage("Only update takes --all, not install.");
    }
}
