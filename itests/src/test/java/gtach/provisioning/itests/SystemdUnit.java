package gtach.provisioning.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The settings of a systemd unit file, as far as the package tests read them. */
final class SystemdUnit {

    private SystemdUnit() {
    }

    /**
     * Every {@code Key=value} of the file, sections merged (no key of ours appears in two), each key
     * with its values in order: {@code Environment} may be given several times.
     */
    static Map<String, List<String>> read(Path file) throws IOException {
        Map<String, List<String>> settings = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#") || text.startsWith(";") || text.startsWith("[")) {
                continue;
            }
            int equals = text.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("Not a setting in " + file + ": " + line);
            }
            settings.computeIfAbsent(text.substring(0, equals).strip(), key -> new ArrayList<>())
                    .add(text.substring(equals + 1).strip());
        }
        return settings;
    }

    /** {@code TimeoutStopSec}, in seconds ({@code 45}, {@code 45s}) or minutes ({@code 2min}); systemd's default 90 s when absent. */
    static Duration stopTimeout(Map<String, List<String>> unit) {
        List<String> values = unit.get("TimeoutStopSec");
        if (values == null) {
            return Duration.ofSeconds(90);
        }
        String value = values.get(values.size() - 1);
        if (value.endsWith("min")) {
            return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 3).strip()));
        }
        return Duration.ofSeconds(Long.parseLong(value.endsWith("s") ? value.substring(0, value.length() - 1).strip() : value));
    }
}
