package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;

import gtach.provisioning.version.SemanticVersion;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.osgi.framework.Version;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The repository's version order is a total order that agrees with SemVer where it can. */
class VersionOrderProperties {

    private static int compare(Version left, Version right) {
        return VersionOrder.compare(left, SemanticVersion.tryFromOsgiVersion(left), right, SemanticVersion.tryFromOsgiVersion(right));
    }

    @Provide
    Arbitrary<Version> versions() {
        Arbitrary<Integer> part = Arbitraries.integers().between(0, 3);
        Arbitrary<String> qualifier = Arbitraries.of("", "rc_1", "rc_2", "0123", "SNAPSHOT", "_bad", "__build_1", "rc_1__b",
                "v2024-01", "1", "10", "2");
        // the qualifiers listed are the interesting cases already; generated edge cases would only repeat them
        return Combinators.combine(part, part, part, qualifier).as(Version::new).withoutEdgeCases();
    }

    @Property
    void isAntisymmetric(@ForAll("versions") Version a, @ForAll("versions") Version b) {
        assertThat(Integer.signum(compare(a, b))).isEqualTo(-Integer.signum(compare(b, a)));
        assertThat(compare(a, b) == 0).isEqualTo(a.equals(b));
    }

    @Property
    void isTransitive(@ForAll("versions") Version a, @ForAll("versions") Version b, @ForAll("versions") Version c) {
        if (compare(a, b) <= 0 && compare(b, c) <= 0) {
            assertThat(compare(a, c)).isLessThanOrEqualTo(0);
        }
    }

    @Property
    void agreesWithSemverPrecedenceWhereBothHaveAReading(@ForAll("versions") Version a, @ForAll("versions") Version b) {
        Optional<SemanticVersion> left = SemanticVersion.tryFromOsgiVersion(a);
        Optional<SemanticVersion> right = SemanticVersion.tryFromOsgiVersion(b);
        if (left.isPresent() && right.isPresent() && left.get().comparePrecedence(right.get()) != 0) {
            assertThat(Integer.signum(compare(a, b))).isEqualTo(Integer.signum(left.get().comparePrecedence(right.get())));
        }
    }

    @Property
    void sortsWithoutContractViolations(@ForAll @Size(max = 30) List<@From("versions") Version> versions) {
        List<Version> sorted = new ArrayList<>(versions);
        sorted.sort(VersionOrderProperties::compare);
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(compare(sorted.get(i - 1), sorted.get(i))).isLessThanOrEqualTo(0);
        }
    }
}
