package gtach.provisioning.shell.internal;

import org.osgi.service.metatype.AttributeDefinition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;

/**
 * What the metatype of GTach's settings does not say, checked before a value is stored: every whole
 * number is a count, a size or a duration, so it is positive; a path names a directory GTach can
 * write. A value that breaks them would be stored and then fail the component at its next start.
 */
final class SettingRules {

    /** The settings that name a directory, by key. */
    private static final java.util.Set<String> DIRECTORIES = java.util.Set.of("path", "directory");

    /** The unit a number is in, by the end of its key. */
    private static final Map<String, String> UNITS = Map.of("Seconds", "seconds", "Millis", "milliseconds", "KiB", "KiB");

    private SettingRules() {
    }

    /**
     * @param setting the setting's metatype
     * @param value the value, already of the setting's type
     * @return what is wrong, worded to follow "cannot be ..." in parentheses; empty when nothing is
     */
    static Optional<String> problem(AttributeDefinition setting, Object value) {
        if (value instanceof Number number && number.longValue() < 1) {
            return Optional.of("it must be a positive " + unit(setting.getID()));
        }
        if (value instanceof String text && DIRECTORIES.contains(setting.getID())) {
            return directoryProblem(text);
        }
        return Optional.empty();
    }

    private static String unit(String key) {
        return UNITS.entrySet().stream().filter(unit -> key.endsWith(unit.getKey()))
                .map(unit -> "number of " + unit.getValue()).findFirst().orElse("whole number");
    }

    /** Proven by doing: directories made for the test and a file written in it are removed again. */
    private static Optional<String> directoryProblem(String text) {
        Path directory = Path.of(text);
        if (!directory.isAbsolute()) {
            return Optional.of("it must be an absolute path");
        }
        Deque<Path> created = new ArrayDeque<>();
        try {
            Path missing = directory;
            while (missing != null && !Files.exists(missing)) {
                created.push(missing);
                missing = missing.getParent();
            }
            if (!Files.isDirectory(directory) && Files.exists(directory)) {
                return Optional.of("it is not a directory");
            }
            for (Path dir : created) {
                Files.createDirectory(dir);
            }
            Files.delete(Files.createTempFile(directory, ".gtach-config-check", ".tmp"));
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.of("it cannot be created or written: " + reason(e));
        } finally {
            removeQuietly(created);
        }
    }

    private static String reason(Exception e) {
        return e instanceof java.nio.file.FileSystemException fileSystem && fileSystem.getReason() != null
                ? fileSystem.getFile() + ": " + fileSystem.getReason()
                : String.valueOf(e.getMessage());
    }

    /** Deepest first: the stack holds the outermost missing directory on top. */
    private static void removeQuietly(Deque<Path> created) {
        while (!created.isEmpty()) {
            try {
                Files.deleteIfExists(created.removeLast());
            } catch (IOException e) {
                // Left behind empty; the check's answer stands.
            }
        }
    }
}
