package gtach.provisioning.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import org.osgi.framework.Version;

/**
 * Generated checks of parsing, ordering and the OSGi mapping. The generators are package-visible
 * so that the range properties can reuse them.
 */
class SemanticVersionProperties {

    private static final String ALPHANUMERIC =
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-";

    /** The parts of a valid version, kept apart from the class under test to format it independently. */
    record Spec(int major, int minor, int patch, List<String> preRelease, List<String> build) {

        String format() {
            StringBuilder out = new StringBuilder().append(major).append('.').append(minor).append('.').append(patch);
            if (!preRelease.isEmpty()) {
                out.append('-').append(String.join(".", preRelease));
            }
            if (!build.isEmpty()) {
                out.append('+').append(String.join(".", build));
            }
            return out.toString();
        }
    }

    @Property(tries = 10000)
    void parsingTheFormattedTextGivesBackTheParts(@ForAll("specs") Spec spec) {
        // Given
        String text = spec.format();

        // When
        SemanticVersion version = SemanticVersion.parse(text);

        // Then
        assertThat(version.major()).isEqualTo(spec.major());
        assertThat(version.minor()).isEqualTo(spec.minor());
        assertThat(version.patch()).isEqualTo(spec.patch());
        assertThat(version.preRelease()).isEqualTo(spec.preRelease());
        assertThat(version.build()).isEqualTo(spec.build());
        assertThat(version.toString()).isEqualTo(text);
        assertThat(SemanticVersion.parse(version.toString())).isEqualTo(version);
    }

    @Property(tries = 10000)
    void compareToIsAntisymmetricAndConsistentWithEquals(@ForAll("relatedPairs") List<SemanticVersion> pair) {
        SemanticVersion a = pair.get(0);
        SemanticVersion b = pair.get(1);
        int ab = Integer.signum(a.compareTo(b));
        int ba = Integer.signum(b.compareTo(a));

        assertThat(ab).isEqualTo(-ba);
        assertThat(ab == 0).isEqualTo(a.equals(b));
        if (a.equals(b)) {
            assertThat(a.hashCode()).isEqualTo(b.hashCode());
        }
        // compareTo only refines precedence, it never contradicts it
        int precedence = Integer.signum(a.comparePrecedence(b));
        if (precedence != 0) {
            assertThat(ab).isEqualTo(precedence);
        }
        assertThat(a.compareTo(a)).isZero();
    }

    @Property(tries = 10000)
    void compareToIsTransitive(@ForAll("relatedTriples") List<SemanticVersion> all) {
        // check every ordering of the three, so that no generated triple is wasted
        for (SemanticVersion x : all) {
            for (SemanticVersion y : all) {
                for (SemanticVersion z : all) {
                    if (x.compareTo(y) <= 0 && y.compareTo(z) <= 0) {
                        assertThat(x.compareTo(z)).as("%s <= %s <= %s", x, y, z).isLessThanOrEqualTo(0);
                    }
                    if (x.compareTo(y) == 0 && y.compareTo(z) == 0) {
                        assertThat(x.compareTo(z)).isZero();
                    }
                }
            }
        }
    }

    @Property(tries = 10000)
    void precedenceAgreesWithReferenceImplementation(@ForAll("relatedPairs") List<SemanticVersion> pair) {
        SemanticVersion a = pair.get(0);
        SemanticVersion b = pair.get(1);
        int expected = ReferencePrecedence.compare(a.toString(), b.toString());

        assertThat(Integer.signum(a.comparePrecedence(b))).as("%s vs %s", a, b).isEqualTo(expected);
    }

    @Property(tries = 10000)
    void preReleaseIsLowerThanReleaseAndBuildIsIgnored(
            @ForAll("specs") Spec spec, @ForAll("buildIdentifier") String extra) {
        // Given
        SemanticVersion version = SemanticVersion.parse(spec.format());
        SemanticVersion release = SemanticVersion.of(spec.major(), spec.minor(), spec.patch());
        Spec withOtherBuild = new Spec(spec.major(), spec.minor(), spec.patch(), spec.preRelease(), List.of(extra));

        // Then
        if (version.isPreRelease()) {
            assertThat(version.comparePrecedence(release)).isNegative();
            assertThat(release.comparePrecedence(version)).isPositive();
        } else {
            assertThat(version.comparePrecedence(release)).isZero();
        }
        assertThat(version.comparePrecedence(SemanticVersion.parse(withOtherBuild.format()))).isZero();
    }

    @Property(tries = 10000)
    void arbitraryUnicodeIsRefusedOnlyWithIllegalArgumentException(@ForAll("unicodeStrings") String text) {
        checkParseOutcome(text);
    }

    @Property(tries = 10000)
    void nearValidTextIsRefusedOnlyWithIllegalArgumentException(@ForAll("nearValidStrings") String text) {
        checkParseOutcome(text);
    }

    @Property(tries = 10000)
    void osgiMappingRoundTrips(@ForAll("versions") SemanticVersion version) {
        // When
        Version osgi = version.toOsgiVersion();

        // Then
        assertThat(SemanticVersion.fromOsgiVersion(osgi)).isEqualTo(version);
        assertThat(SemanticVersion.tryFromOsgiVersion(osgi)).contains(version);
        assertThat(osgi.getMajor()).isEqualTo(version.major());
        assertThat(osgi.getMinor()).isEqualTo(version.minor());
        assertThat(osgi.getMicro()).isEqualTo(version.patch());
        assertThat(SemanticVersion.fromOsgiVersion(Version.parseVersion(osgi.toString())))
                .isEqualTo(version);
    }

    @Property(tries = 10000)
    void osgiQualifiersEitherMapOrFailCleanly(@ForAll("osgiQualifiers") String qualifier) {
        // Given
        Version osgi = new Version(1, 2, 3, qualifier);

        // When
        Optional<SemanticVersion> mapped = SemanticVersion.tryFromOsgiVersion(osgi);

        // Then: whatever maps comes back unchanged
        if (mapped.isPresent()) {
            assertThat(mapped.get().toOsgiVersion()).isEqualTo(osgi);
        } else {
            assertThatThrownBy(() -> SemanticVersion.fromOsgiVersion(osgi))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(
                            "Cannot map OSGi version \"1.2.3." + qualifier + "\" to a semantic version: ");
        }
    }

    private static void checkParseOutcome(String text) {
        SemanticVersion version;
        try {
            version = SemanticVersion.parse(text);
        } catch (IllegalArgumentException e) {
            assertThat(e).isExactlyInstanceOf(IllegalArgumentException.class);
            assertThat(e.getMessage()).startsWith("Invalid semantic version \"").containsPattern(" at character \\d+$");
            return;
        }
        // anything accepted is canonical and agrees with the reference reading
        assertThat(version.toString()).isEqualTo(text);
        assertThat(ReferencePrecedence.compare(text, text)).isZero();
    }

    @Provide
    Arbitrary<Spec> specs() {
        return specArbitrary();
    }

    @Provide
    Arbitrary<SemanticVersion> versions() {
        return versionArbitrary();
    }

    @Provide
    Arbitrary<List<SemanticVersion>> relatedPairs() {
        return Combinators.combine(comparableArbitrary(), variantArbitrary())
                .as((a, variant) -> List.of(a, variant.applyTo(a)));
    }

    @Provide
    Arbitrary<List<SemanticVersion>> relatedTriples() {
        return Combinators.combine(relatedPairs(), variantArbitrary())
                .as((pair, variant) -> List.of(pair.get(0), pair.get(1), variant.applyTo(pair.get(1))));
    }

    @Provide
    Arbitrary<String> buildIdentifier() {
        return buildIdentifierArbitrary();
    }

    @Provide
    Arbitrary<String> unicodeStrings() {
        Arbitrary<String> codePoints = Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                .list().ofMaxSize(40)
                .map(SemanticVersionProperties::fromCodePoints);
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40), Arbitraries.strings().all().ofMaxLength(40),
                codePoints);
    }

    @Provide
    Arbitrary<String> nearValidStrings() {
        Arbitrary<String> alphabet = Arbitraries.strings().withChars("0123456789aAzZ.+- ").ofMaxLength(24);
        Arbitrary<String> mutated = Combinators.combine(
                        specArbitrary().map(Spec::format),
                        Arbitraries.integers().between(0, 1000),
                        Arbitraries.of('.', '+', '-', '0', '9', 'a', ' ', '_', '\u00e9', '\t'),
                        Arbitraries.of(Mutation.class))
                .as(SemanticVersionProperties::mutate);
        return Arbitraries.oneOf(alphabet, mutated);
    }

    @Provide
    Arbitrary<String> osgiQualifiers() {
        return Arbitraries.strings().withChars("0123456789aZ-_").ofMinLength(1).ofMaxLength(12);
    }

    static Arbitrary<Spec> specArbitrary() {
        Arbitrary<List<String>> preRelease = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(List.<String>of())),
                Tuple.of(3, preReleaseIdentifierArbitrary().list().ofMinSize(1).ofMaxSize(5)));
        Arbitrary<List<String>> build = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(List.<String>of())),
                Tuple.of(1, buildIdentifierArbitrary().list().ofMinSize(1).ofMaxSize(4)));
        return Combinators.combine(number(), number(), number(), preRelease, build).as(Spec::new);
    }

    static Arbitrary<SemanticVersion> versionArbitrary() {
        return specArbitrary().map(spec -> SemanticVersion.parse(spec.format()));
    }

    /** Mostly a small domain, so that equal parts and ties are frequent. */
    static Arbitrary<SemanticVersion> comparableArbitrary() {
        Arbitrary<String> identifier = Arbitraries.of("alpha", "beta", "1", "2", "11", "0", "a-b", "-", "Z");
        Arbitrary<List<String>> preRelease = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(List.<String>of())),
                Tuple.of(4, identifier.list().ofSize(1)),
                Tuple.of(3, identifier.list().ofMinSize(2).ofMaxSize(3)));
        Arbitrary<List<String>> build = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(List.<String>of())),
                Tuple.of(3, Arbitraries.of("b1", "001", "B").list().ofMinSize(1).ofMaxSize(2)));
        Arbitrary<Integer> small = Arbitraries.integers().between(0, 1);
        Arbitrary<SemanticVersion> near = Combinators.combine(small, small, small, preRelease, build)
                .as(Spec::new)
                .map(spec -> SemanticVersion.parse(spec.format()));
        return Arbitraries.frequencyOf(Tuple.of(3, near), Tuple.of(1, versionArbitrary()));
    }

    /** How to derive a second version from a first one, so that ties and near misses are common. */
    enum VariantKind { EQUAL, OTHER_BUILD, ONE_MORE_IDENTIFIER, ONE_LESS_IDENTIFIER, UNRELATED }

    /** A recipe for a related version; generated without flatMap, which is slow in jqwik. */
    record Variant(VariantKind kind, List<String> build, String identifier, SemanticVersion unrelated) {

        SemanticVersion applyTo(SemanticVersion a) {
            List<String> pre = a.preRelease();
            switch (kind) {
                case EQUAL:
                    return SemanticVersion.parse(a.toString());
                case OTHER_BUILD:
                    return rebuild(a, pre, build);
                case ONE_MORE_IDENTIFIER:
                    return rebuild(a, append(pre, identifier), a.build());
                case ONE_LESS_IDENTIFIER:
                    return rebuild(a, pre.isEmpty() ? pre : pre.subList(0, pre.size() - 1), a.build());
                default:
                    return unrelated;
            }
        }
    }

    static Arbitrary<Variant> variantArbitrary() {
        return Combinators.combine(
                        Arbitraries.frequency(
                                Tuple.of(1, VariantKind.EQUAL),
                                Tuple.of(2, VariantKind.OTHER_BUILD),
                                Tuple.of(2, VariantKind.ONE_MORE_IDENTIFIER),
                                Tuple.of(2, VariantKind.ONE_LESS_IDENTIFIER),
                                Tuple.of(4, VariantKind.UNRELATED)),
                        buildIdentifierArbitrary().list().ofMaxSize(2),
                        preReleaseIdentifierArbitrary(),
                        comparableArbitrary())
                .as(Variant::new);
    }

    private static SemanticVersion rebuild(SemanticVersion a, List<String> preRelease, List<String> build) {
        return SemanticVersion.parse(new Spec(a.major(), a.minor(), a.patch(), preRelease, build).format());
    }

    private static List<String> append(List<String> list, String element) {
        List<String> longer = new ArrayList<>(list);
        longer.add(element);
        return longer;
    }

    static Arbitrary<String> buildIdentifierArbitrary() {
        return Arbitraries.strings().withChars(ALPHANUMERIC).ofMinLength(1).ofMaxLength(10);
    }

    private static Arbitrary<Integer> number() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0, 20)),
                Tuple.of(2, Arbitraries.integers().between(0, Integer.MAX_VALUE)),
                Tuple.of(1, Arbitraries.of(0, Integer.MAX_VALUE - 1, Integer.MAX_VALUE)));
    }

    private static Arbitrary<String> preReleaseIdentifierArbitrary() {
        Arbitrary<String> smallNumber = Arbitraries.integers().between(0, 30).map(String::valueOf);
        Arbitrary<String> hugeNumber = Combinators.combine(
                        Arbitraries.strings().withCharRange('1', '9').ofLength(1),
                        Arbitraries.strings().numeric().ofMaxLength(40))
                .as(String::concat);
        Arbitrary<String> alphanumeric = Arbitraries.strings().withChars(ALPHANUMERIC).ofMinLength(1).ofMaxLength(10)
                .map(s -> s.chars().allMatch(Character::isDigit) ? s + "-" : s);
        Arbitrary<String> hyphens = Arbitraries.of("-", "--", "-1", "1-", "x-y-z");
        return Arbitraries.frequencyOf(
                Tuple.of(3, smallNumber), Tuple.of(1, hugeNumber), Tuple.of(4, alphanumeric), Tuple.of(1, hyphens));
    }

    private static String fromCodePoints(List<Integer> codePoints) {
        StringBuilder out = new StringBuilder();
        for (int codePoint : codePoints) {
            out.appendCodePoint(codePoint);
        }
        return out.toString();
    }

    enum Mutation { INSERT, REPLACE, DELETE, APPEND, PREPEND }

    private static String mutate(String text, int where, char c, Mutation mutation) {
        int at = where % (text.length() + 1);
        switch (mutation) {
            case INSERT:
                return text.substring(0, at) + c + text.substring(at);
            case REPLACE:
                return at == text.length() ? text : text.substring(0, at) + c + text.substring(at + 1);
            case DELETE:
                return at == text.length() ? text : text.substring(0, at) + text.substring(at + 1);
            case APPEND:
                return text + c;
            default:
                return c + text;
        }
    }

    /**
     * An independent, deliberately naive reading of SemVer precedence: regular expressions and
     * {@link BigInteger} instead of the scanner and the length-first comparison.
     */
    static final class ReferencePrecedence {

        private ReferencePrecedence() {
        }

        static int compare(String a, String b) {
            String[] headA = a.split("\\+", 2)[0].split("-", 2);
            String[] headB = b.split("\\+", 2)[0].split("-", 2);
            String[] numbersA = headA[0].split("\\.");
            String[] numbersB = headB[0].split("\\.");
            for (int i = 0; i < 3; i++) {
                int result = new BigInteger(numbersA[i]).compareTo(new BigInteger(numbersB[i]));
                if (result != 0) {
                    return Integer.signum(result);
                }
            }
            boolean preA = headA.length > 1;
            boolean preB = headB.length > 1;
            if (!preA || !preB) {
                return preA == preB ? 0 : preA ? -1 : 1;
            }
            String[] idsA = headA[1].split("\\.", -1);
            String[] idsB = headB[1].split("\\.", -1);
            for (int i = 0; i < Math.min(idsA.length, idsB.length); i++) {
                int result = compareIdentifiers(idsA[i], idsB[i]);
                if (result != 0) {
                    return result;
                }
            }
            return Integer.signum(idsA.length - idsB.length);
        }

        private static int compareIdentifiers(String x, String y) {
            boolean numericX = x.matches("[0-9]+");
            boolean numericY = y.matches("[0-9]+");
            if (numericX && numericY) {
                return Integer.signum(new BigInteger(x).compareTo(new BigInteger(y)));
            }
            if (numericX || numericY) {
                return numericX ? -1 : 1;
            }
            return Integer.signum(x.compareTo(y));
        }
    }
}
