package gtach.provisioning.shell.internal;

import gtach.provisioning.update.PackageRange;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.update.UpdateRequest.Action;
import gtach.provisioning.version.SemanticRange;
import org.junit.jupiter.api.Test;
import org.osgi.framework.VersionRange;

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
                .hasMessage("install takes one or more symbolic names, each optionally followed by a version range, "
                        + "but got nothing.");
        assertThatThrownBy(() -> RequestArguments.request(Action.UPDATE, false, false, List.of()))
                .hasMessage("update takes one or more symbolic names, each optionally followed by a version range "
                        + "(or --all), but got nothing.");
        assertThatThrownBy(() -> RequestArguments.request(Action.UPDATE, false, false, List.of("a", "1.x", "^2", "b")))
                .hasMessage("a has two version ranges, 1.x and ^2: give each package at most one.");
        assertThatThrownBy(() -> RequestArguments.request(Action.UNINSTALL, false, false, List.of()))
                .hasMessage("uninstall takes one or more symbolic names, but got nothing.");
        assertThatThrownBy(() -> RequestArguments.request(Action.UNINSTALL, false, false, List.of("a", "^1")))
                .hasMessage("uninstall takes symbolic names only, but got the version range \"^1\" after a.");
        assertThatThrownBy(() -> RequestArguments.request(Action.INSTALL, false, false, List.of("^1", "tach")))
                .hasMessage("\"^1\" is not a symbolic name: use letters, digits, '.', '_' and '-', and put the name before the range.");
        assertThatThrownBy(() -> RequestArguments.request(Action.INSTALL, false, false, List.of("tach", "1.0", "dis*play")))
                .hasMessage("\"dis*play\" is not a symbolic name: use letters, digits, '.', '_' and '-'.");
        assertThatThrownBy(() -> RequestArguments.request(Action.UPDATE_ALL, false, false, List.of("tach")))
                .hasMessage("update --all names no package, but got \"tach\".");
        assertThatThrownBy(() -> RequestArguments.request(Action.INSTALL, false, false, List.of("[1,2)")))
                .hasMessage("\"[1,2)\" is not a symbolic name: use letters, digits, '.', '_' and '-', and put the name before the range.");
        assertThatThrownBy(() -> RequestArguments.request(Action.INSTALL, false, false, List.of("tach", "^1.x.2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("^1.x.2");
    }

    @Test
    void severalNamesEachWithAnOptionalRangeBecomeOneRequest() {
        // When
        UpdateRequest update = RequestArguments.request(Action.UPDATE, false, false,
                List.of("gtach.example.tach", "[2,3)", "gtach.example.display", "^2.0"));
        UpdateRequest install = RequestArguments.request(Action.INSTALL, false, false,
                List.of("a", "b", "1.0.0", "c", "~1.1.0", "d", "(1,2]", "e"));
        UpdateRequest uninstall = RequestArguments.request(Action.UNINSTALL, false, false, List.of("a", "b"));

        // Then each range belongs to the name before it, and the request reads as typed
        assertThat(update).isEqualTo(UpdateRequest.update(List.of(
                PackageRange.of("gtach.example.tach", SemanticRange.parse("[2,3)")),
                PackageRange.of("gtach.example.display", SemanticRange.parse("^2.0")))));
        assertThat(update.toString()).isEqualTo("update gtach.example.tach [2,3) gtach.example.display ^2.0");
        assertThat(install.packages()).extracting(PackageRange::toString)
                .containsExactly("a", "b 1.0.0", "c ~1.1.0", "d (1,2]", "e");
        assertThat(uninstall).isEqualTo(UpdateRequest.uninstall(List.of("a", "b")));
    }

    @Test
    void aRangeOfALaterPackageIsReadAsStrictlyAsTheFirst() {
        assertThatThrownBy(() -> RequestArguments.request(Action.UPDATE, false, false, List.of("tach", "^2", "display", "02.0")))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid version range \"02.0\": numeric identifier \"02\" has a leading zero at character 1");
        assertThatThrownBy(() -> RequestArguments.request(Action.INSTALL, false, false, List.of("tach", "display", "")))
                .hasMessage("Invalid version range \"\": expected a version range but found the end of the text at character 1");
        assertThatThrownBy(() -> RequestArguments.request(Action.INSTALL, false, false, List.of("tach", "display", "[2,1]")))
                .hasMessageStartingWith("Invalid version range \"[2,1]\"");
    }

    @Test
    void aPackageNamedTwiceIsRefusedWithOneSentence() {
        assertThatThrownBy(() -> RequestArguments.request(Action.UPDATE, false, false, List.of("tach", "^1.1", "tach", "^2")))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("A request names each package once, but tach is named twice (^1.1 and ^2).");
        assertThatThrownBy(() -> RequestArguments.request(Action.INSTALL, false, false, List.of("tach", "display", "tach")))
                .hasMessage("A request names each package once, but tach is named twice.");
        assertThatThrownBy(() -> RequestArguments.request(Action.UNINSTALL, false, false, List.of("tach", "tach")))
                .hasMessage("A request names each package once, but tach is named twice.");
    }

    @Test
    void majorGoesWithThePackagesNamedWithoutARange() {
        UpdateRequest mixed = RequestArguments.request(Action.UPDATE, false, false, true, List.of("tach", "display", "^2"));

        assertThat(mixed.toString()).isEqualTo("update tach display ^2 --major");
        assertThatThrownBy(() -> RequestArguments.request(Action.UPDATE, false, false, true, List.of("tach", "^2", "display", "^2")))
                .hasMessage("--major is for a package updated without a version range, but each of these has one "
                        + "(tach ^2, display ^2).");
    }

    @Test
    void aBareVersionIsExactlyThatVersionAndARangeStaysARange() {
        // When
        UpdateRequest exact = RequestArguments.request(Action.INSTALL, false, false, List.of("tach", "1.0.0"));
        UpdateRequest semver = RequestArguments.request(Action.UPDATE, false, false, List.of("tach", "1.2.0-rc.1"));
        UpdateRequest range = RequestArguments.request(Action.UPDATE, false, false, List.of("tach", "[1.2,2)"));

        // Then
        assertThat(exact.range().get().toOsgiRange()).isEqualTo(new VersionRange("[1.0.0,1.0.0]"));
        assertThat(exact.toString()).isEqualTo("install tach 1.0.0");
        assertThat(semver.range().get().toOsgiRange()).isEqualTo(new VersionRange("[1.2.0.rc_1,1.2.0.rc_1]"));
        assertThat(range.range().get().toOsgiRange()).isEqualTo(new VersionRange("[1.2.0,2.0.0)"));
        for (String shorthand : List.of("^1.2", "~1.2.0", "1.2.x")) {
            assertThat(RequestArguments.request(Action.UPDATE, false, false, List.of("tach", shorthand)).range().get()
                    .toOsgiRange().getRight()).as(shorthand).isNotNull();
        }
    }

    @Test
    void leadingZerosEmptyTextAndEmptyRangesAreRefusedNamingThePosition() {
        assertThatThrownBy(() -> RequestArguments.request(Action.UPDATE, false, false, List.of("tach", "01.2")))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid version range \"01.2\": numeric identifier \"01\" has a leading zero at character 1");
        assertThatThrownBy(() -> RequestArguments.request(Action.INSTALL, false, false, List.of("tach", "")))
                .hasMessage("Invalid version range \"\": expected a version range but found the end of the text at character 1");
        assertThatThrownBy(() -> RequestArguments.request(Action.INSTALL, false, false, List.of("tach", "(2,1)")))
                .hasMessage("Invalid version range \"(2,1)\": the upper bound 1 is below the lower bound 2, so no version "
                        + "fits, at character 4");
        assertThatThrownBy(() -> RequestArguments.request(Action.INSTALL, false, false, List.of("tach", "[1.0.0,1.0.0)")))
                .hasMessage("Invalid version range \"[1.0.0,1.0.0)\": both bounds are 1.0.0 and ')' excludes it, so no "
                        + "version fits (1.0.0 alone means exactly that version), at character 13");
    }

    @Test
    void majorIsForAnUpdateWithoutARange() {
        // When
        UpdateRequest major = RequestArguments.request(Action.UPDATE, false, false, true, List.of("tach"));

        // Then
        assertThat(major.majorChange()).isTrue();
        assertThat(major.withinInstalledMajor()).isFalse();
        assertThat(major.toString()).isEqualTo("update tach --major");
        assertThat(RequestArguments.request(Action.UPDATE, false, false, List.of("tach")).withinInstalledMajor()).isTrue();
        assertThat(RequestArguments.request(Action.UPDATE_ALL, false, false, true, List.of()).toString())
                .isEqualTo("update --all --major");
        assertThatThrownBy(() -> RequestArguments.request(Action.UPDATE, false, false, true, List.of("tach", "^2")))
                .hasMessage("--major is for an update without a version range; the range ^2 already says which versions "
                        + "may be chosen.");
        assertThatThrownBy(() -> RequestArguments.request(Action.INSTALL, false, false, true, List.of("tach")))
                .hasMessage("Only update takes --major, not install.");
    }

    @Test
    void planTakesTheActionAsItsFirstWord() {
        assertThat(RequestArguments.action("update", true)).isEqualTo(Action.UPDATE_ALL);
        assertThat(RequestArguments.action("Uninstall", false)).isEqualTo(Action.UNINSTALL);
        assertThatThrownBy(() -> RequestArguments.action("upgrade", false))
                .hasMessage("Cannot plan \"upgrade\": the first word must be install, update or uninstall.");
        assertThatThrownBy(() -> RequestArguments.action("install", true)).hasMessage("Only update takes --all, not install.");
    }

    // ---- start options: Gogo takes an option wherever it is typed, so each applies to every package named

    private static UpdateRequest withStart(Action action, String level, boolean noStart, boolean start, String... words) {
        return RequestArguments.request(action, false, false, false, new RequestArguments.StartOptions(level, noStart, start),
                List.of(words));
    }

    @Test
    void startOptionsApplyToEveryPackageTheRequestNames() {
        // When
        UpdateRequest install = withStart(Action.INSTALL, "3", true, false, "tach", "~1.0.0", "display");
        UpdateRequest update = withStart(Action.UPDATE, "4", false, true, "tach");

        // Then
        assertThat(install.packages()).containsExactly(
                PackageRange.of("tach", SemanticRange.parse("~1.0.0")).withStartLevel(3).notStarted(),
                PackageRange.of("display").withStartLevel(3).notStarted());
        assertThat(install).hasToString("install tach ~1.0.0 display --start-level 3 --no-start");
        assertThat(update).hasToString("update tach --start-level 4 --start");
        assertThat(withStart(Action.UPDATE, "", false, false, "tach").packages().get(0).setsStart()).isFalse();
    }

    @Test
    void aStartLevelThatIsNoNumberOrStartOptionsThatDoNotFitAreRefusedWithOneSentence() {
        assertThatThrownBy(() -> withStart(Action.INSTALL, "three", false, false, "tach"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("--start-level takes a whole number above 0, but got \"three\".");
        assertThatThrownBy(() -> withStart(Action.INSTALL, "0", false, false, "tach"))
                .hasMessage("--start-level takes a whole number above 0, but got \"0\".");
        assertThatThrownBy(() -> withStart(Action.INSTALL, "-2", false, false, "tach"))
                .hasMessage("--start-level takes a whole number above 0, but got \"-2\".");
        assertThatThrownBy(() -> withStart(Action.UPDATE, "", true, true, "tach"))
                .hasMessage("--start and --no-start say opposite things: give one of them.");
        assertThatThrownBy(() -> withStart(Action.UNINSTALL, "", true, false, "tach"))
                .hasMessage("uninstall takes no --start-level, --start or --no-start: a package it removes neither starts "
                        + "nor has a level.");
        assertThatThrownBy(() -> withStart(Action.UPDATE_ALL, "3", false, false))
                .hasMessage("update --all takes no --start-level, --start or --no-start: they apply to the packages a "
                        + "request names, and it names none.");
        assertThatThrownBy(() -> withStart(Action.INSTALL, "", false, true, "tach"))
                .hasMessage("install has no option --start: it starts what it installs unless --no-start is given.");
    }

    @Test
    void anOptionLeftAmongTheWordsIsRefusedSayingWhy() {
        // Gogo takes the first --start-level and leaves a second one among the words
        assertThatThrownBy(() -> withStart(Action.INSTALL, "3", false, false, "tach", "display", "--start-level", "4"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("--start-level is given once and applies to every package the request names; for packages "
                        + "that need different start options, make one request for each.");
        // uninstall has no start options at all, so Gogo leaves them among its names
        assertThatThrownBy(() -> RequestArguments.request(Action.UNINSTALL, false, false, List.of("tach", "--no-start")))
                .hasMessage("uninstall takes no --start-level, --start or --no-start: a package it removes neither starts "
                        + "nor has a level.");
        assertThatThrownBy(() -> RequestArguments.request(Action.INSTALL, false, false, List.of("tach", "--start-level=3")))
                .hasMessage("Write --start-level and its value apart (--start-level 3), not \"--start-level=3\".");
        assertThatThrownBy(() -> RequestArguments.request(Action.INSTALL, false, false, List.of("tach", "--level")))
                .hasMessage("install has no option --level.");
    }
}
