package gtach.provisioning.update.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code boots.properties}: three keys, numbers only; anything else in it is damage. */
final class BootRecordFormat {

    private static final Set<String> KEYS = Set.of("generation", "unconfirmedStarts", "abandoned");

    private BootRecordFormat() {
    }

    static byte[] write(BootRecord boots) {
        return ("generation=" + boots.generation() + "\nunconfirmedStarts=" + boots.unconfirmedStarts()
                + "\nabandoned=" + boots.abandoned().stream().map(String::valueOf).collect(Collectors.joining(","))
                + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    static BootRecord read(byte[] content) throws StateFormat.Malformed {
        Properties properties = new Properties();
        try {
            properties.load(new ByteArrayInputStream(content));
        } catch (IOException | IllegalArgumentException e) {
            throw new StateFormat.Malformed("it is not a properties file: " + e.getMessage(), e);
        }
        for (String key : properties.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new StateFormat.Malformed("unknown key \"" + key + "\"");
            }
        }
        List<Integer> abandoned = new ArrayList<>();
        for (String n : properties.getProperty("abandoned", "").split(",")) {
            if (!n.isBlank()) {
                abandoned.add(number(n, "abandoned"));
            }
        }
        return new BootRecord(number(properties.getProperty("generation", "0"), "generation"),
                number(properties.getProperty("unconfirmedStarts", "0"), "unconfirmedStarts"), abandoned);
    }

    private static int number(String text, String key) throws StateFormat.Malformed {
        String value = text.strip();
        if (!value.matches("[0-9]{1,9}")) {
            throw new StateFormat.Malformed("the value \"" + value + "\" of " + key + " is not a whole number");
        }
        return Integer.parseInt(value);
    }
}
