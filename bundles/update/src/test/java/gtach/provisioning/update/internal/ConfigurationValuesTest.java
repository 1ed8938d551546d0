package gtach.provisioning.update.internal;

import org.junit.jupiter.api.Test;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigurationValuesTest {

    @Test
    void everyCommonPropertyTypeSurvivesTheRoundTripThroughJson() throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("text", "hello");
        properties.put("count", 3);
        properties.put("big", 3_000_000_000L);
        properties.put("on", true);
        properties.put("ratio", 0.25d);
        properties.put("names", new String[] {"a", "b"});
        properties.put("ports", new int[] {80, 443});
        properties.put("list", List.of("x", "y"));

        // The configurations travel in the journal, which is what recovery reads after a crash
        Journal journal = new Journal(1, 2, "update tach", List.of(), List.of(), List.of(), List.of(),
                java.util.Optional.of(List.of(Map.of("properties", ConfigurationSnapshot.TypedValues.encode(properties)))));
        byte[] json = StateFormat.write(journal);
        @SuppressWarnings("unchecked")
        Map<String, Object> encoded = (Map<String, Object>) StateFormat.readJournal(json).configurations().orElseThrow()
                .get(0).get("properties");
        Dictionary<String, Object> back = ConfigurationSnapshot.TypedValues.decode(encoded);

        assertThat(back.get("text")).isEqualTo("hello");
        assertThat(back.get("count")).isEqualTo(3);
        assertThat(back.get("big")).isEqualTo(3_000_000_000L);
        assertThat(back.get("on")).isEqualTo(true);
        assertThat(back.get("ratio")).isEqualTo(0.25d);
        assertThat((String[]) back.get("names")).containsExactly("a", "b");
        assertThat((int[]) back.get("ports")).containsExactly(80, 443);
        assertThat(back.get("list")).isEqualTo(List.of("x", "y"));
    }
}
