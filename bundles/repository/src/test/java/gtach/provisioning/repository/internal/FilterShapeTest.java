package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;

/** What a filter says about the name a lookup can go straight to. */
class FilterShapeTest {

    private static final String NAME = "osgi.wiring.package";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "(osgi.wiring.package=a.b)                                                  ; a.b",
        "(&(osgi.wiring.package=a.b)(version>=1.0.0)(!(version>=2.0.0)))            ; a.b",
        "(&(version>=1.0.0)(&(osgi.wiring.package=a.b)))                            ; a.b",
        "(|(osgi.wiring.package=a.b)(osgi.wiring.package=c.d))                      ; a.b|c.d",
        "(&(|(osgi.wiring.package=a.b)(osgi.wiring.package=c.d))(osgi.wiring.package=c.d)) ; c.d",
        "(osgi.wiring.package=a\\(b\\))                                             ; a(b)",
        "' ( & (osgi.wiring.package=a.b) (version>=1) )'                            ; a.b",
    })
    void pinsTheName(String filter, String names) {
        // When
        FilterShape shape = FilterShape.of(filter);

        // Then
        assertThat(shape.requiredValues(NAME)).contains(Set.of(names.split("\\|")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "(osgi.wiring.package=a.*)",
        "(osgi.wiring.package=*)",
        "(osgi.wiring.package~=a.b)",
        "(osgi.wiring.package>=a.b)",
        "(!(osgi.wiring.package=a.b))",
        "(|(osgi.wiring.package=a.b)(version>=1))",
        "(osgi.wiring.package= a.b)",
        "(version>=1.0)",
        "(&(osgi.wiring.package=a.b)",
        "garbage",
    })
    void leavesTheNameOpen(String filter) {
        // When / Then
        assertThat(FilterShape.of(filter).requiredValues(NAME)).isEmpty();
    }

    @Test
    void listsTheAttributesItMentions() {
        // When / Then
        assertThat(FilterShape.of("(&(osgi.wiring.package=a.b)(|(version>=1)(!(vendor=acme))))").attributes())
                .contains(Set.of(NAME, "version", "vendor"));
        assertThat(FilterShape.of("(&(a=b)").attributes()).isEmpty();
    }
}
