package gtach.provisioning.fleet.internal;

import org.junit.jupiter.api.Test;

import java.time.LocalTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaintenanceWindowTest {

    @Test
    void aWindowWithinADayContainsItsStartButNotItsEnd() {
        MaintenanceWindow window = MaintenanceWindow.parse("02:00-04:30");

        assertThat(window.contains(LocalTime.of(2, 0))).isTrue();
        assertThat(window.contains(LocalTime.of(4, 29))).isTrue();
        assertThat(window.contains(LocalTime.of(4, 30))).isFalse();
        assertThat(window.contains(LocalTime.of(1, 59))).isFalse();
        assertThat(window).hasToString("02:00-04:30");
    }

    @Test
    void aWindowAcrossMidnightContainsBothEnds() {
        MaintenanceWindow window = MaintenanceWindow.parse("23:00-01:00");

        assertThat(window.contains(LocalTime.of(23, 30))).isTrue();
        assertThat(window.contains(LocalTime.of(0, 30))).isTrue();
        assertThat(window.contains(LocalTime.of(12, 0))).isFalse();
    }

    @Test
    void noWindowIsAnyTimeAndBadTextIsRefusedInOneSentence() {
        assertThat(MaintenanceWindow.parse("").contains(LocalTime.NOON)).isTrue();
        assertThat(MaintenanceWindow.parse(null)).isEqualTo(MaintenanceWindow.ALWAYS);
        assertThatThrownBy(() -> MaintenanceWindow.parse("2am-4am"))
                .hasMessage("The maintenance window 2am-4am is not HH:MM-HH:MM, such as 02:00-04:30.");
        assertThatThrownBy(() -> MaintenanceWindow.parse("03:00-03:00"))
                .hasMessage("The maintenance window 03:00-03:00 is empty: it begins where it ends.");
    }
}
