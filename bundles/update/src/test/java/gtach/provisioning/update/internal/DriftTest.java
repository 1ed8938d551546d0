package gtach.provisioning.update.internal;

import gtach.provisioning.update.Generation;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class DriftTest {

    private final ViewBuilder framework = new ViewBuilder();
    private final BundleState tach = framework.requested("gtach.example.tach", "1.1.0");
    private final BundleState display = framework.requested("gtach.example.display", "1.0.0");
    private final Generation generation = framework.generation(2);

    /** The JARs the framework holds are the ones the generation recorded. */
    private final Drift.Contents recorded = bundle -> bundle.sha256();

    /** The view with one bundle changed as someone with the framework's own shell would have. */
    private FrameworkView with(BundleState bundle, UnaryOperator<BundleState> change) {
        List<BundleState> states = new ArrayList<>();
        for (BundleState b : framework.view().bundles()) {
            BundleState changed = b.id() == bundle.id() ? change.apply(b) : b;
            if (changed != null) {
                states.add(changed);
            }
        }
        return new FrameworkView(states, List.of(), Map.of(), Set.of(), ViewBuilder.LEVELS);
    }

    private static BundleState copy(BundleState b, Version version, boolean persistentlyStarted, int startLevel) {
        return new BundleState(b.id(), b.symbolicName(), version, b.location(), b.state(), startLevel, persistentlyStarted,
                b.fragment(), b.resolved(), b.sha256());
    }

    @Test
    void theGenerationAsRecordedHasNoDrift() {
        assertThat(Drift.between(generation, framework.view(), recorded)).isEmpty();
    }

    @Test
    void aJarWithOtherBytesIsTornContentThatMustBeReplaced() {
        // Given the framework holds other bytes for the tachometer (a hand update, or a torn cache)
        Drift.Contents other = b -> b.id() == tach.id() ? Optional.of("0123456789abcdef0123") : b.sha256();

        // Then the one difference names it and the two hashes, and putting the generation back replaces it
        List<Drift.Difference> drift = Drift.between(generation, framework.view(), other);
        assertThat(drift).extracting(Drift.Difference::kind, Drift.Difference::content, Drift.Difference::torn)
                .containsExactly(tuple(Drift.Kind.OTHER_CONTENT, true, true));
        assertThat(drift.get(0).text()).startsWith("the framework holds other content for gtach.example.tach 1.1.0 than "
                + "generation 2 recorded (SHA-256 0123456789ab… instead of ");
        assertThat(Drift.replaced(drift)).containsExactly("gtach:app:gtach.example.tach");
    }

    @Test
    void aJarThatCannotBeReadIsTorn() {
        Drift.Contents unreadable = b -> {
            throw new IOException("truncated ZIP");
        };

        assertThat(Drift.between(generation, framework.view(), unreadable))
                .extracting(Drift.Difference::kind, Drift.Difference::text)
                .containsExactly(
                        tuple(Drift.Kind.UNREADABLE, "the framework's copy of gtach.example.tach 1.1.0 cannot be read (truncated ZIP)"),
                        tuple(Drift.Kind.UNREADABLE, "the framework's copy of gtach.example.display 1.0.0 cannot be read (truncated ZIP)"));
    }

    @Test
    void aFrameworkThatKeepsNoJarToReadIsNotComparedByContent() {
        assertThat(Drift.between(generation, framework.view(), b -> Optional.empty())).isEmpty();
    }

    @Test
    void anUninstalledBundleIsMissing() {
        List<Drift.Difference> drift = Drift.between(generation, with(display, b -> null), recorded);

        assertThat(drift).extracting(Drift.Difference::kind, Drift.Difference::text).containsExactly(tuple(
                Drift.Kind.MISSING, "gtach.example.display 1.0.0 is not installed, but generation 2 has it"));
        assertThat(drift.get(0).torn()).isTrue();
    }

    @Test
    void anotherVersionAtTheLocationIsAnotherBundleButNotATornCache() {
        List<Drift.Difference> drift = Drift.between(generation,
                with(tach, b -> copy(b, Version.parseVersion("1.2.0"), true, b.startLevel())), recorded);

        assertThat(drift).extracting(Drift.Difference::kind, Drift.Difference::text).containsExactly(tuple(
                Drift.Kind.OTHER_BUNDLE, "gtach:app:gtach.example.tach holds gtach.example.tach 1.2.0, but generation 2 "
                        + "has gtach.example.tach 1.1.0"));
        assertThat(drift.get(0).content()).isTrue();
        assertThat(drift.get(0).torn()).isFalse();
    }

    @Test
    void aStoppedBundleAndAMovedStartLevelNeedNoNewJar() {
        FrameworkView stopped = with(tach, b -> copy(b, b.version(), false, 4));

        List<Drift.Difference> drift = Drift.between(generation, stopped, recorded);

        assertThat(drift).extracting(Drift.Difference::kind, Drift.Difference::text).containsExactly(
                tuple(Drift.Kind.START_MARK, "gtach.example.tach 1.1.0 is stopped, but generation 2 has it running"),
                tuple(Drift.Kind.START_LEVEL, "gtach.example.tach 1.1.0 has start level 4, but generation 2 gives it 2"));
        assertThat(Drift.replaced(drift)).isEmpty();
    }

    @Test
    void aManagedBundleTheGenerationDoesNotHaveIsExtra() {
        Generation withoutDisplay = new Generation(2, generation.time(), generation.cause(),
                generation.bundles().subList(0, 1));

        assertThat(Drift.between(withoutDisplay, framework.view(), recorded))
                .extracting(Drift.Difference::kind, Drift.Difference::text).containsExactly(tuple(Drift.Kind.EXTRA,
                        "gtach.example.display 1.0.0 is installed as gtach:app:gtach.example.display, but generation 2 "
                                + "does not have it"));
    }
}
