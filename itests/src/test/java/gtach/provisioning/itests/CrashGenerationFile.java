package gtach.provisioning.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The committed state the update service keeps under {@code <home>/state}, read the way an operator
 * would read it: {@code current} holds a generation number, {@code generations/<N>.json} its bundles.
 */
record CrashGenerationFile(int number, List<CrashBundle> bundles, String json) {

    /** One bundle object of the generation's {@code bundles} array; those objects hold no nested object. */
    private static final Pattern BUNDLE = Pattern.compile("\\{[^{}]*\"symbolicName\"[^{}]*}");

    static int current(Path home) throws IOException {
        Path current = home.resolve("state/current");
        if (!Files.exists(current)) {
            return 0;
        }
        String text = Files.readString(current, StandardCharsets.US_ASCII).strip();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new AssertionError(current + " holds \"" + text + "\", not a generation number");
        }
    }

    static CrashGenerationFile read(Path home, int number) throws IOException {
        Path file = home.resolve("state/generations/" + number + ".json");
        if (!Files.exists(file)) {
            throw new AssertionError("state/current names generation " + number + " but there is no " + file);
        }
        String json = Files.readString(file, StandardCharsets.UTF_8);
        List<CrashBundle> bundles = new ArrayList<>();
        Matcher bundle = BUNDLE.matcher(json);
        while (bundle.find()) {
            String object = bundle.group();
            bundles.add(new CrashBundle(text(object, "symbolicName", file), text(object, "version", file),
                    text(object, "sha256", file), "true".equals(field(object, "started", file)),
                    Integer.parseInt(field(object, "startLevel", file))));
        }
        return new CrashGenerationFile(number, List.copyOf(bundles), json);
    }

    private static String text(String object, String name, Path file) {
        String value = field(object, name, file);
        if (!value.startsWith("\"")) {
            throw new AssertionError("The field " + name + " in " + file + " is not a string: " + object);
        }
        return value.substring(1, value.length() - 1);
    }

    private static String field(String object, String name, Path file) {
        Matcher field = Pattern.compile("\"" + name + "\"\\s*:\\s*(\"[^\"]*\"|true|false|-?\\d+)").matcher(object);
        if (!field.find()) {
            throw new AssertionError("A bundle in " + file + " has no field " + name + ": " + object);
        }
        return field.group(1);
    }
}
