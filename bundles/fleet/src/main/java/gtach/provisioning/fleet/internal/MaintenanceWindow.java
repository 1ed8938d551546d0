package gtach.provisioning.fleet.internal;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/**
 * The daily hours, in the device's local time, within which following may change what runs:
 * {@code 02:00-04:30}, or {@code 23:00-01:00} across midnight; empty text for any time. A poll
 * outside the window still fetches and says what it would do.
 */
record MaintenanceWindow(LocalTime from, LocalTime to) {

    static final MaintenanceWindow ALWAYS = new MaintenanceWindow(LocalTime.MIN, LocalTime.MIN);

    /**
     * @throws IllegalArgumentException with one sentence when the text is not {@code HH:MM-HH:MM}
     */
    static MaintenanceWindow parse(String text) {
        if (text == null || text.isBlank()) {
            return ALWAYS;
        }
        String[] ends = text.trim().split("-", -1);
        try {
            if (ends.length != 2) {
                throw new DateTimeParseException("no single dash", text, 0);
            }
            MaintenanceWindow window = new MaintenanceWindow(LocalTime.parse(ends[0].trim()), LocalTime.parse(ends[1].trim()));
            if (window.from.equals(window.to)) {
                throw new IllegalArgumentException("The maintenance window " + text + " is empty: it begins where it ends.");
            }
            return window;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("The maintenance window " + text + " is not HH:MM-HH:MM, such as 02:00-04:30.", e);
        }
    }

    /** Whether {@code time} lies within the window (its start included, its end not). */
    boolean contains(LocalTime time) {
        if (this.equals(ALWAYS)) {
            return true;
        }
        return from.isBefore(to) ? !time.isBefore(from) && time.isBefore(to)
                : !time.isBefore(from) || time.isBefore(to);
    }

    @Override
    public String toString() {
        return equals(ALWAYS) ? "any time" : from + "-" + to;
    }
}
