package gtach.provisioning.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import org.osgi.framework.Version;

/**
 * Generated checks that {@link VersionOrder} is a total order that agrees with SemVer precedence.
 * Versions come from a small space (few majors, minors and micros, a small qualifier alphabet)
 * so that ties, shared groups and chains are common; their qualifiers mix the images of SemVer
 * versions with plain OSGi qualifiers that have no SemVer reading or an unexpected one.
 */
class VersionOrderProperties {

    /** Plain OSGi qualifiers: release candidates, timestamps, snapshots, Eclipse-style stamps. */
    private static final List<String> OSGI_QUALIFIERS = List.of(
            "", "rc_1", "rc_01", "rc_2", "rc_10", "202109301733", "202110011200", "SNAPSHOT", "v20240101",
            "beta-2", "beta_2", "alpha", "final", "0123", "1", "01", "_bad", "bad_", "a___b", "__build_1", "__b",
            "rc_1__b", "rc_01__b", "RELEASE", "Final", "ga", "v20210930-1200", "20210930", "20211301", "v20210930-",
            "20210930_1200", "snapshot");

    /** The release qualifiers of the class documentation, written independently of the code under test. */
    private static final Pattern RELEASE_QUALIFIER = Pattern.compile(
            "(?i:RELEASE|FINAL|GA)|[vV]?(19|20)\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])\\d{0,6}(-\\d{1,6})?");

    /** A major.minor.micro to put a qualifier on. */
    record Group(int major, int minor, int micro) {

        Version with(String qualifier) {
            return new Version(major, minor, micro, qualifier);
        }
    }

    @Property(tries = 10000)
    void everyPairIsComparedTheSameWayEveryTime(@ForAll("pairs") List<Version> pair) {
        // When
        Version a = pair.get(0);
        Version b = pair.get(1);
        int first = Integer.signum(VersionOrder.compare(a, b));

        // Then: the comparator and the method agree, equal copies compare alike, and one of the two sorts first
        assertThat(Integer.signum(VersionOrder.PRECEDENCE.compare(a, b))).isEqualTo(first);
        assertThat(Integer.signum(VersionOrder.compare(copy(a), copy(b)))).isEqualTo(first);
        assertThat(VersionOrder.compare(a, a)).isZero();
        assertThat(first != 0 || a.equals(b)).as("%s vs %s", a, b).isTrue();
    }

    @Property(tries = 10000)
    void isAntisymmetric(@ForAll("pairs") List<Version> pair) {
        Version a = pair.get(0);
        Version b = pair.get(1);
        assertThat(Integer.signum(VersionOrder.compare(a, b)))
                .as("%s vs %s", a, b)
                .isEqualTo(-Integer.signum(VersionOrder.compare(b, a)));
    }

    @Property(tries = 10000)
    void isTransitive(@ForAll("triples") List<Version> all) {
        Statistics.label("a < b < c within one major.minor.micro").collect(strictChainInOneGroup(all))
                .coverage(checker -> checker.check(true).percentage(p -> p > 10));
        Statistics.label("one major.minor.micro, with and without a SemVer reading").collect(mixedGroup(all))
                .coverage(checker -> checker.check(true).percentage(p -> p > 10));

        // check every ordering of the three, so that no generated triple is wasted
        for (Version x : all) {
            for (Version y : all) {
                for (Version z : all) {
                    int xy = VersionOrder.compare(x, y);
                    int yz = VersionOrder.compare(y, z);
                    int xz = VersionOrder.compare(x, z);
                    if (xy <= 0 && yz <= 0) {
                        assertThat(xz).as("%s <= %s <= %s", x, y, z).isLessThanOrEqualTo(0);
                    }
                    if (xy < 0 && yz < 0) {
                        assertThat(xz).as("%s < %s < %s", x, y, z).isNegative();
                    }
                }
            }
        }
    }

    @Property(tries = 10000)
    void isConsistentWithEquals(@ForAll("pairs") List<Version> pair) {
        Version a = pair.get(0);
        Version b = pair.get(1);
        assertThat(VersionOrder.compare(a, b) == 0).as("%s vs %s", a, b).isEqualTo(a.equals(b));
        assertThat(VersionOrder.compare(a, copy(a))).isZero();
    }

    @Property(tries = 10000)
    void agreesWithSemVerPrecedenceWhereBothHaveAReadingAndNoReleaseQualifier(@ForAll("pairs") List<Version> pair) {
        // Given
        Version a = pair.get(0);
        Version b = pair.get(1);
        Optional<SemanticVersion> left = readingOf(a);
        Optional<SemanticVersion> right = readingOf(b);
        int precedence = left.isPresent() && right.isPresent()
                ? Integer.signum(left.get().comparePrecedence(right.get())) : 0;
        Statistics.label("both read, precedence differs").collect(precedence != 0)
                .coverage(checker -> checker.check(true).percentage(p -> p > 20));

        // Then
        if (precedence != 0) {
            assertThat(Integer.signum(VersionOrder.compare(a, b))).as("%s vs %s", a, b).isEqualTo(precedence);
        }
    }

    @Property(tries = 10000)
    void followsOsgiOrderWhereSemVerCannotDecide(@ForAll("pairs") List<Version> pair) {
        // Given: neither has a reading the order uses, or both have one of equal precedence, or the groups differ
        Version a = pair.get(0);
        Version b = pair.get(1);
        Optional<SemanticVersion> left = readingOf(a);
        Optional<SemanticVersion> right = readingOf(b);
        boolean undecided = left.isEmpty() && right.isEmpty()
                || left.isPresent() && right.isPresent() && left.get().comparePrecedence(right.get()) == 0
                || !sameGroup(a, b);
        Statistics.label("two release qualifiers or one and no reading, one major.minor.micro")
                .collect(sameGroup(a, b) && left.isEmpty() && right.isEmpty()
                        && (isReleaseQualifier(a) || isReleaseQualifier(b)))
                .coverage(checker -> checker.check(true).percentage(p -> p > 1));

        // Then
        if (undecided) {
            assertThat(Integer.signum(VersionOrder.compare(a, b))).as("%s vs %s", a, b)
                    .isEqualTo(Integer.signum(a.compareTo(b)));
        }
    }

    @Property(tries = 10000)
    void exactlyThePreReleasesSortBelowTheirBareVersion(@ForAll("versions") Version version) {
        // Given: a SemVer pre-release reading, unless the qualifier marks a release
        Version bare = new Version(version.getMajor(), version.getMinor(), version.getMicro());
        boolean preRelease = readingOf(version).map(SemanticVersion::isPreRelease).orElse(false);
        Statistics.label("release qualifier").collect(isReleaseQualifier(version))
                .coverage(checker -> checker.check(true).percentage(p -> p > 5));

        // Then
        assertThat(VersionOrder.isPreRelease(version)).as("%s", version).isEqualTo(preRelease);
        assertThat(VersionOrder.compare(version, bare) < 0).as("%s", version).isEqualTo(preRelease);
    }

    @Property(tries = 10000)
    void aReleaseQualifierSortsAboveEveryReadVersionOfItsMajorMinorMicro(@ForAll("pairs") List<Version> pair) {
        // Given
        Version a = pair.get(0);
        Version b = pair.get(1);

        // Then
        if (sameGroup(a, b) && isReleaseQualifier(a) && readingOf(b).isPresent()) {
            assertThat(VersionOrder.compare(a, b)).as("%s vs %s", a, b).isPositive();
            assertThat(VersionOrder.compare(b, a)).as("%s vs %s", b, a).isNegative();
        }
    }

    @Provide
    Arbitrary<Version> versions() {
        return Combinators.combine(groups(), qualifiers()).as(Group::with);
    }

    @Provide
    Arbitrary<List<Version>> pairs() {
        // half of the pairs share one major.minor.micro, where the order has the most to decide
        return Combinators.combine(groups(), groups(), Arbitraries.of(true, false), qualifiers(), qualifiers())
                .as((g1, g2, shared, q1, q2) -> List.of(g1.with(q1), (shared ? g1 : g2).with(q2)));
    }

    @Provide
    Arbitrary<List<Version>> triples() {
        // likewise half of the triples
        return Combinators.combine(groups(), groups(), groups(), Arbitraries.of(true, false),
                        qualifiers(), qualifiers(), qualifiers())
                .as((g1, g2, g3, shared, q1, q2, q3) ->
                        List.of(g1.with(q1), (shared ? g1 : g2).with(q2), (shared ? g1 : g3).with(q3)));
    }

    private static Arbitrary<Group> groups() {
        Arbitrary<Integer> part = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.integers().between(0, 1)),
                Tuple.of(1, Arbitraries.of(2, Integer.MAX_VALUE)));
        return Combinators.combine(part, part, part).as(Group::new);
    }

    /**
     * Qualifiers from three sources: the images of SemVer versions under {@link
     * SemanticVersion#toOsgiVersion()} (pre-release identifiers and build metadata), a fixed list
     * of plain OSGi qualifiers, and random text over the OSGi qualifier alphabet, which often has
     * no SemVer reading.
     */
    private static Arbitrary<String> qualifiers() {
        Arbitrary<String> identifier = Arbitraries.of(
                "alpha", "beta", "rc", "1", "2", "10", "0", "beta-2", "SNAPSHOT", "202109301733", "-", "Z", "GA",
                "v20210930-1200");
        Arbitrary<List<String>> preRelease = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(List.<String>of())),
                Tuple.of(4, identifier.list().ofMinSize(1).ofMaxSize(3)));
        Arbitrary<List<String>> build = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(List.<String>of())),
                Tuple.of(1, Arbitraries.of("b1", "001", "B", "exp-2").list().ofMinSize(1).ofMaxSize(2)));
        Arbitrary<String> semantic = Combinators.combine(preRelease, build)
                .as((pre, meta) -> new SemanticVersionProperties.Spec(0, 0, 0, pre, meta))
                .map(spec -> SemanticVersion.parse(spec.format()).toOsgiVersion().getQualifier());
        Arbitrary<String> random = Arbitraries.strings().withChars("0123r_-").ofMaxLength(6);
        return Arbitraries.frequencyOf(
                Tuple.of(4, semantic),
                Tuple.of(4, Arbitraries.of(OSGI_QUALIFIERS)),
                Tuple.of(1, random));
    }

    private static Version copy(Version version) {
        return Version.parseVersion(version.toString());
    }

    private static boolean isReleaseQualifier(Version version) {
        return RELEASE_QUALIFIER.matcher(version.getQualifier()).matches();
    }

    /** The SemVer reading the order uses: none for a release qualifier. */
    private static Optional<SemanticVersion> readingOf(Version version) {
        return isReleaseQualifier(version) ? Optional.empty() : SemanticVersion.tryFromOsgiVersion(version);
    }

    private static boolean sameGroup(Version a, Version b) {
        return a.getMajor() == b.getMajor() && a.getMinor() == b.getMinor() && a.getMicro() == b.getMicro();
    }

    private static boolean mixedGroup(List<Version> all) {
        boolean oneGroup = sameGroup(all.get(0), all.get(1)) && sameGroup(all.get(0), all.get(2));
        long read = all.stream().filter(v -> readingOf(v).isPresent()).count();
        return oneGroup && read > 0 && read < all.size();
    }

    private static boolean strictChainInOneGroup(List<Version> all) {
        List<Version> sorted = all.stream().sorted(VersionOrder.PRECEDENCE).toList();
        return VersionOrder.compare(sorted.get(0), sorted.get(1)) < 0 && VersionOrder.compare(sorted.get(1), sorted.get(2)) < 0
                && sameGroup(sorted.get(0), sorted.get(2));
    }
}
