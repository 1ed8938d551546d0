package gtach.provisioning.repository.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Rules for the names the repository turns into directory and file names: symbolic names,
 * version texts and in-use owners. A name that passes can never escape its parent directory and
 * is a valid file name on Linux, macOS and Windows.
 */
final class SafeNames {

    static final int MAX_BYTES = 255;

    /** Device names Windows reserves whatever the extension. */
    private static final Set<String> WINDOWS_DEVICES = Set.of(
            "con", "prn", "aux", "nul",
            "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
            "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

    /** Names of the repository's own files and directories, refused so nothing is ever mistaken for them. */
    private static final Set<String> STORE_NAMES = Set.of(
            "index.json", "generation", "packages", "in-use", "quarantine", "tmp", "package.json", "bundle.jar");

    private SafeNames() {
    }

    /**
     * Checks a name made of dot-separated tokens of {@code [A-Za-z0-9_-]}, as OSGi symbolic names are.
     *
     * @param name the name
     * @param maxBytes the longest allowed UTF-8 length
     * @return why the name is unsafe, as a sentence fragment, or empty when it is safe
     */
    static Optional<String> dottedNameProblem(String name, int maxBytes) {
        if (name.isEmpty()) {
            return Optional.of("it is empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isTokenChar(c) && c != '.') {
                return Optional.of("it contains the character " + describe(c));
            }
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            return Optional.of("it is longer than " + maxBytes + " bytes");
        }
        if (name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            return Optional.of("it has an empty segment (a leading, trailing or doubled dot)");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        int dot = lower.indexOf('.');
        if (WINDOWS_DEVICES.contains(dot < 0 ? lower : lower.substring(0, dot))) {
            return Optional.of("it is a device name reserved by Windows");
        }
        if (STORE_NAMES.contains(lower)) {
            return Optional.of("it is a name the repository reserves for its own files");
        }
        return Optional.empty();
    }

    /** Checks a bundle symbolic name for use as a directory name. */
    static Optional<String> symbolicNameProblem(String name) {
        return dottedNameProblem(name, MAX_BYTES);
    }

    /** Checks an owner name for use as the file name {@code <owner>.json}. */
    static Optional<String> ownerProblem(String owner) {
        return dottedNameProblem(owner, MAX_BYTES - ".json".length());
    }

    /** Checks the canonical text of an OSGi version for use as a directory name. */
    static Optional<String> versionProblem(String versionText) {
        if (versionText.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("it is longer than " + MAX_BYTES + " bytes");
        }
        // OSGi qualifiers are [A-Za-z0-9_-]; numbers are digits: nothing else can appear
        return dottedNameProblem(versionText, MAX_BYTES);
    }

    private static boolean isTokenChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    private static String describe(char c) {
        if (c < 0x20 || c == 0x7f || Character.isISOControl(c) || Character.isWhitespace(c)) {
            return String.format("U+%04X", (int) c);
        }
        return "'" + c + "'";
    }
}
