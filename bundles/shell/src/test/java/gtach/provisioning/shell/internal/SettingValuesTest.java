package gtach.provisioning.shell.internal;

import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingValuesTest {

    private static final String CHECK = "org.apache.felix.hc.generalchecks.ServicesCheck~tach";
    private static final Map<String, AttributeDefinition> SERVICES_CHECK = settings(
            setting("hc.name", AttributeDefinition.STRING, 0, null),
            setting("services.list", AttributeDefinition.STRING, Integer.MAX_VALUE, null),
            setting("statusForMissing", AttributeDefinition.STRING, 0, new String[] {"OK", "WARN", "CRITICAL"}),
            setting("timeoutMillis", AttributeDefinition.INTEGER, 0, null));

    @Test
    void aRepeatedKeyGivesASettingOfSeveralValuesAnArray() {
        Map<String, Object> values = SettingValues.parse(CHECK, SERVICES_CHECK,
                List.of("hc.name=tach", "services.list=a.B", "services.list=(x=y)"), false);

        assertThat(values.get("hc.name")).isEqualTo("tach");
        assertThat(values.get("services.list")).isEqualTo(new String[] {"a.B", "(x=y)"});
        assertThat(SettingValues.show(values.get("services.list"))).isEqualTo("a.B, (x=y)");
    }

    @Test
    void aSettingOfOneValueGivenTwiceChangesNothing() {
        assertThatThrownBy(() -> SettingValues.parse(CHECK, SERVICES_CHECK, List.of("hc.name=a", "hc.name=b"), false))
                .hasMessage(CHECK + " hc.name takes one value, and it was given twice; nothing was changed.");
    }

    @Test
    void anEmptyValuePutsTheSettingBackToItsDefault() {
        Map<String, Object> values = SettingValues.parse(CHECK, SERVICES_CHECK, List.of("services.list="), false);

        assertThat(values).containsEntry("services.list", null);
    }

    @Test
    void theMetatypeIsCheckedBeforeAnythingIsStored() {
        assertThatThrownBy(() -> SettingValues.parse(CHECK, SERVICES_CHECK, List.of("statusForMissing=FINE"), false))
                .hasMessage(CHECK + " statusForMissing cannot be \"FINE\" (not one of OK, WARN, CRITICAL); nothing was changed.");
        assertThatThrownBy(() -> SettingValues.parse(CHECK, SERVICES_CHECK, List.of("timeoutMillis=soon"), false))
                .hasMessage(CHECK + " timeoutMillis must be a whole number, not \"soon\"; nothing was changed.");
        assertThatThrownBy(() -> SettingValues.parse(CHECK, SERVICES_CHECK, List.of("service.list=a"), false))
                .hasMessage(CHECK + " has no setting service.list; it has hc.name, services.list, statusForMissing,"
                        + " timeoutMillis; nothing was changed.");
        assertThatThrownBy(() -> SettingValues.parse(CHECK, SERVICES_CHECK, List.of("hc.name"), false))
                .hasMessage("\"hc.name\" is not key=value; nothing was changed.");
    }

    @Test
    void gtachsOwnRulesApplyOnlyToGtachsSettings() {
        assertThat(SettingValues.parse(CHECK, SERVICES_CHECK, List.of("timeoutMillis=0"), false))
                .containsEntry("timeoutMillis", 0);
        assertThatThrownBy(() -> SettingValues.parse("gtach.provisioning.update", SERVICES_CHECK, List.of("timeoutMillis=0"), true))
                .hasMessageContaining("it must be a positive number of milliseconds");
    }

    private static Map<String, AttributeDefinition> settings(AttributeDefinition... all) {
        Map<String, AttributeDefinition> byKey = new LinkedHashMap<>();
        for (AttributeDefinition setting : all) {
            byKey.put(setting.getID(), setting);
        }
        return byKey;
    }

    /** Validates options the way Felix Metatype does: a value outside them is named. */
    private static AttributeDefinition setting(String id, int type, int cardinality, String[] options) {
        return new AttributeDefinition() {
            @Override public String getName() { return id; }
            @Override public String getID() { return id; }
            @Override public String getDescription() { return id; }
            @Override public int getCardinality() { return cardinality; }
            @Override public int getType() { return type; }
            @Override public String[] getOptionValues() { return options; }
            @Override public String[] getOptionLabels() { return options; }
            @Override public String validate(String value) {
                return options == null || List.of(options).contains(value) ? "" : "not one of " + String.join(", ", options);
            }
            @Override public String[] getDefaultValue() { return null; }
        };
    }
}
