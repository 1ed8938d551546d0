package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Attribute types travel in the key, manifest style. */
class TypedAttributesTest {

    @Test
    void storesTheTypeInTheKey() {
        // Given
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("name", "speed");
        attributes.put("version", new Version(1, 2, 3));
        attributes.put("max", 8000L);
        attributes.put("count", 3);
        attributes.put("ratio", 1.5);
        attributes.put("units", List.of("rpm"));
        attributes.put("versions", List.of(new Version(1, 0, 0)));
        attributes.put("steps", List.of(1L, 2L));
        attributes.put("weights", List.of(0.5));
        attributes.put("none", List.of());

        // When
        Map<String, Object> stored = TypedAttributes.toStored(attributes);

        // Then
        assertThat(stored).containsExactly(Map.entry("name", "speed"), Map.entry("version:Version", "1.2.3"),
                Map.entry("max:Long", 8000L), Map.entry("count:Long", 3L), Map.entry("ratio:Double", 1.5),
                Map.entry("units:List<String>", List.of("rpm")), Map.entry("versions:List<Version>", List.of("1.0.0")),
                Map.entry("steps:List<Long>", List.of(1L, 2L)), Map.entry("weights:List<Double>", List.of(0.5)),
                Map.entry("none:List<String>", List.of()));
        Map<String, Object> back = TypedAttributes.fromStored(stored);
        assertThat(back).containsEntry("version", new Version(1, 2, 3)).containsEntry("count", 3L)
                .containsEntry("versions", List.of(new Version(1, 0, 0))).containsEntry("none", List.of());
        assertThat(back.keySet()).containsExactlyElementsOf(attributes.keySet());
    }

    @Test
    void refusesValuesOsgiAttributesCannotHave() {
        // When / Then
        assertThatThrownBy(() -> TypedAttributes.toStored(Map.of("flag", Boolean.TRUE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attribute flag has a value of unsupported type java.lang.Boolean");
        assertThatThrownBy(() -> TypedAttributes.toStored(Map.of("mixed", List.of("a", 1L))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attribute mixed mixes String and Long values");
        assertThatThrownBy(() -> TypedAttributes.fromStored(Map.of("v:Version", "x.y")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attribute v:Version has the invalid version \"x.y\"");
        assertThatThrownBy(() -> TypedAttributes.fromStored(Map.of("l:List<Long>", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attribute l:List<Long> is not a list");
    }
}
