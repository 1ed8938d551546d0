package gtach.provisioning.update;

import gtach.provisioning.version.SemanticRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpdateRequestTest {

    private static PackageRange named(String name, String range) {
        return PackageRange.of(name, SemanticRange.parse(range));
    }

    @Test
    void aRequestOfSeveralPackagesReadsAsTyped() {
        // When
        UpdateRequest request = UpdateRequest.update(List.of(named("gtach.example.tach", "[2,3)"),
                named("gtach.example.display", "^2.0")));

        // Then every pair is in its text, as the history shows it, in the order given
        assertThat(request.toString()).isEqualTo("update gtach.example.tach [2,3) gtach.example.display ^2.0");
        assertThat(request.names()).containsExactly("gtach.example.tach", "gtach.example.display");
        assertThat(UpdateRequest.uninstall(List.of("a", "b")).toString()).isEqualTo("uninstall a b");
        assertThat(UpdateRequest.install(List.of(PackageRange.of("a"), named("b", "1.0.0"))).withPreReleases().toString())
                .isEqualTo("install a b 1.0.0 --pre");
    }

    @Test
    void theOnePackageFormsAreRequestsOfOnePackage() {
        // When
        UpdateRequest one = UpdateRequest.update("tach", Optional.of(SemanticRange.parse("^1.1")));

        // Then
        assertThat(one).isEqualTo(UpdateRequest.update(List.of(named("tach", "^1.1"))));
        assertThat(one.packages()).containsExactly(named("tach", "^1.1"));
        assertThat(new UpdateRequest(UpdateRequest.Action.UNINSTALL, Optional.of("tach"), Optional.empty(), false, false))
                .isEqualTo(UpdateRequest.uninstall(List.of("tach")));
        assertThat(UpdateRequest.updateAll().packages()).isEmpty();
    }

    @Test
    void aPackageNamedTwiceIsRefusedWithOneSentence() {
        // Named with two ranges, nothing says which was meant
        assertThatThrownBy(() -> UpdateRequest.update(List.of(named("tach", "^1.1"), PackageRange.of("display"),
                named("tach", "[2,3)"))))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("A request names each package once, but tach is named twice (^1.1 and [2,3)).");
        assertThatThrownBy(() -> UpdateRequest.install(List.of(PackageRange.of("tach"), named("tach", "1.0.0"))))
                .hasMessage("A request names each package once, but tach is named twice (without a range and 1.0.0).");
        // and the same twice is most often a slip for another name, so it is refused too
        assertThatThrownBy(() -> UpdateRequest.install(List.of(named("tach", "^1"), named("tach", "^1"))))
                .hasMessage("A request names each package once, but tach is named twice.");
        assertThatThrownBy(() -> UpdateRequest.uninstall(List.of("tach", "tach")))
                .hasMessage("A request names each package once, but tach is named twice.");
        assertThatThrownBy(() -> UpdateRequest.update(List.of(named("tach", "^2"))).and(PackageRange.of("tach")))
                .hasMessage("A request names each package once, but tach is named twice (^2 and without a range).");
    }

    @Test
    void partsThatDoNotFitAreRefusedWithOneSentence() {
        assertThatThrownBy(() -> UpdateRequest.install(List.of()))
                .hasMessage("A request to install must name a package.");
        assertThatThrownBy(() -> new UpdateRequest(UpdateRequest.Action.UPDATE_ALL, List.of(PackageRange.of("a")), false, false, false))
                .hasMessage("An update of everything names no package.");
        assertThatThrownBy(() -> new UpdateRequest(UpdateRequest.Action.UNINSTALL, List.of(PackageRange.of("a"), named("b", "^1")),
                false, false, false))
                .hasMessage("Only install and update take a version range.");
        assertThatThrownBy(() -> PackageRange.of(" "))
                .hasMessage("A package of a request needs a symbolic name, but got \" \".");
    }

    @Test
    void majorIsForThePackagesNamedWithoutARange() {
        // When one package has a range and the other none
        UpdateRequest mixed = UpdateRequest.update(List.of(named("tach", "[2,3)"), PackageRange.of("display")))
                .allowingMajorChange();

        // Then --major is for the one without
        assertThat(mixed.toString()).isEqualTo("update tach [2,3) display --major");
        assertThat(mixed.withinInstalledMajor()).isFalse();
        UpdateRequest plain = UpdateRequest.update(List.of(named("tach", "[2,3)"), PackageRange.of("display")));
        assertThat(plain.withinInstalledMajor()).isTrue();
        assertThat(plain.withinInstalledMajor(plain.packages().get(0))).isFalse();
        assertThat(plain.withinInstalledMajor(plain.packages().get(1))).isTrue();
        assertThatThrownBy(() -> UpdateRequest.update(List.of(named("tach", "[2,3)"), named("display", "^2"))).allowingMajorChange())
                .hasMessage("--major is for a package updated without a version range, but each of these has one "
                        + "(tach [2,3), display ^2).");
        assertThatThrownBy(() -> UpdateRequest.update("tach", Optional.of(SemanticRange.parse("^2"))).allowingMajorChange())
                .hasMessage("--major is for an update without a version range; the range ^2 already says which "
                        + "versions may be chosen.");
    }

    @Test
    void aStartLevelAndNoStartReadAsTypedAndKeepTheOtherParts() {
        // When a package is given a start level and kept from starting
        PackageRange tach = named("gtach.example.tach", "~1.0.0").withStartLevel(3).notStarted();

        // Then its name and range stay, and the text reads as the options are typed
        assertThat(tach.name()).isEqualTo("gtach.example.tach");
        assertThat(tach.range()).contains(SemanticRange.parse("~1.0.0"));
        assertThat(tach.startLevel()).hasValue(3);
        assertThat(tach.started()).contains(false);
        assertThat(tach.setsStart()).isTrue();
        assertThat(tach).hasToString("gtach.example.tach ~1.0.0 --start-level 3 --no-start");
        assertThat(PackageRange.of("a").withStarted(true)).hasToString("a --start");
        // and a package that says nothing keeps what it has
        assertThat(PackageRange.of("a").setsStart()).isFalse();
        assertThat(new PackageRange("a", Optional.empty())).isEqualTo(PackageRange.of("a"));
    }

    @Test
    void startOptionsThatEveryPackageSharesAreWrittenOnceAsTheShellTakesThem() {
        // When both packages of a request have the same options
        UpdateRequest shared = UpdateRequest.install(List.of(PackageRange.of("a").withStartLevel(3).notStarted(),
                named("b", "^1").withStartLevel(3).notStarted()));

        // Then they follow the packages once; different ones follow each package
        assertThat(shared).hasToString("install a b ^1 --start-level 3 --no-start");
        assertThat(UpdateRequest.install(List.of(PackageRange.of("a").withStartLevel(3), PackageRange.of("b"))))
                .hasToString("install a --start-level 3 b");
    }

    @Test
    void aStartLevelThatIsNoLevelOrOnUninstallIsRefusedWithOneSentence() {
        assertThatThrownBy(() -> PackageRange.of("tach").withStartLevel(0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("A start level is a whole number above 0, but tach was given 0.");
        assertThatThrownBy(() -> new UpdateRequest(UpdateRequest.Action.UNINSTALL, List.of(PackageRange.of("tach").notStarted()),
                false, false, false))
                .hasMessage("Only install and update take a start level, --start or --no-start, not uninstall.");
    }

    @Test
    void noBaselineIsKeptByEveryChangeOfTheRequestAndShownLast() {
        UpdateRequest request = UpdateRequest.update("tach", Optional.empty()).withoutBaseline()
                .allowingMajorChange().allowingRestart(List.of("display")).withPreReleases();

        assertThat(request.noBaseline()).isTrue();
        assertThat(request).hasToString("update tach --pre --major --allow-restart display --no-baseline");
        assertThat(UpdateRequest.update("tach", Optional.empty()).noBaseline()).isFalse();
        assertThat(UpdateRequest.install("tach", Optional.empty()).withoutBaseline()).hasToString("install tach --no-baseline");
        assertThatThrownBy(() -> UpdateRequest.uninstall("tach").withoutBaseline())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("Only install and update take --no-baseline, not uninstall.");
    }
}
