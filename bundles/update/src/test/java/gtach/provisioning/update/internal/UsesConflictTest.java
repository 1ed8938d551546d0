package gtach.provisioning.update.internal;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** Messages in the Felix resolver's shape that the planner's tests do not build: what is read, and what is not. */
class UsesConflictTest {

    /** Names as the planner finds them: a runtime bundle's revision text ("name [id](R id.0)") gives its version. */
    private static final Function<UsesConflict.Node, String> NAMES = node -> Map.of(
            "org.acme.base [4](R 4.0)", "org.acme.base 1.0.0",
            "bench.app 1.0.0", "bench.app 1.0.0").getOrDefault(node.text(), node.symbolicName());

    @Test
    void aChainThroughRequireBundleSaysRequires() {
        // Given a conflict whose second chain goes through a Require-Bundle of a runtime bundle
        String message = """
                Uses constraint violation. Unable to resolve resource bench.app [bench.app 1.0.0] because it is exposed \
                to package 'bench.api' from resources bench.api.two [bench.api.two 1.0.0] and org.acme.base \
                [org.acme.base [4](R 4.0)] via two dependency chains.

                Chain 1:
                  bench.app [bench.app 1.0.0]
                    import: (&(osgi.wiring.package=bench.api)(version>=2.0.0))
                     |
                    export: osgi.wiring.package: bench.api
                  bench.api.two [bench.api.two 1.0.0]

                Chain 2:
                  bench.app [bench.app 1.0.0]
                    require: (&(osgi.wiring.bundle=org.acme.base)(bundle-version>=1.0.0)(!(bundle-version>=2.0.0)))
                     |
                    provide: osgi.wiring.bundle: org.acme.base
                  org.acme.base [org.acme.base [4](R 4.0)]""";

        // Then both chains are told, the bundle requirement with its range
        assertThat(UsesConflict.explain(message, NAMES)).contains("bench.app 1.0.0 would see package bench.api from "
                + "two exporters at once, bench.api.two and org.acme.base 1.0.0: it imports package bench.api 2.0.0 or "
                + "later from bench.api.two; and it requires bundle org.acme.base [1.0.0,2.0.0) from org.acme.base 1.0.0");
    }

    @Test
    void chainsInAnotherShapeLeaveTheHeadlineInWords() {
        // Given the header of a conflict whose chains are not in the shape the resolver writes today
        String message = "Uses constraint violation. Unable to resolve resource bench.app [bench.app 1.0.0] because it "
                + "is exposed to package 'bench.api' from resources a [a 1] and b [b 1] via two dependency chains.\n\n"
                + "Chain 1:\n  something else entirely\n\nChain 2:\n  nor this";

        // Then the sentence says what the header says, without the dump
        assertThat(UsesConflict.explain(message, NAMES))
                .contains("bench.app would see package bench.api from two exporters at once, a and b");
    }

    @Test
    void anotherFailureIsNotAConflict() {
        assertThat(UsesConflict.explain("Unable to resolve bench.app 1.0.0: missing requirement osgi.wiring.package", NAMES))
                .isEmpty();
        assertThat(UsesConflict.explain(null, NAMES)).isEmpty();
    }
}
