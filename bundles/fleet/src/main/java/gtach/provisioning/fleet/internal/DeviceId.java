package gtach.provisioning.fleet.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The device's id: configured, or a random one made at the first start and kept in
 * {@code <home>/state/device-id}, so that it stays the same across restarts and updates.
 */
final class DeviceId {

    static final String FILE = "device-id";
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private DeviceId() {
    }

    /** Whether an id is one the fleet can use in a file name and a URL: letters, digits, {@code . _ -}. */
    static boolean valid(String id) {
        return SHAPE.matcher(id).matches();
    }

    /** The configured id when there is one, else the kept one, made first when there is none. */
    static String of(String configured, Path state) throws IOException {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        Path file = state.resolve(FILE);
        if (Files.isRegularFile(file)) {
            String kept = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (valid(kept)) {
                return kept;
            }
        }
        String made = UUID.randomUUID().toString();
        Files.createDirectories(state);
        Path temporary = state.resolve(FILE + ".new");
        Files.writeString(temporary, made + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return made;
    }
}
