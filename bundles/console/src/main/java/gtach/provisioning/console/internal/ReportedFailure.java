package gtach.provisioning.console.internal;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a failure that a command reported as text instead of throwing it: Felix's shell
 * commands return {@code ex.toString()} or a complaint and end normally, and Gogo's POSIX
 * commands print {@code name: ex.toString()}. Without this a script sees exit status 0.
 */
final class ReportedFailure {

    /** {@code java.net.MalformedURLException: no protocol: x}, optionally after {@code cat: }. */
    private static final Pattern EXCEPTION_LINE = Pattern.compile(
            "(?:[\\w.-]+: )?(?:[a-z_$][\\w$]*\\.)+([A-Z][\\w$]*(?:Exception|Error))(?:: (.*))?");

    /** The complaints Apache Felix Gogo Command returns as its result when it did not do what was asked. */
    private static final List<Pattern> FELIX_COMPLAINTS = List.of(
            Pattern.compile("Bundle ID '.*' +is invalid\\."),
            Pattern.compile("Unable to (parse|open) .*"),
            Pattern.compile("(Must|Please) specify .*"),
            Pattern.compile("Cannot specify .*"),
            Pattern.compile("Specified start level must be .*"),
            Pattern.compile("Log reader service is unavailable\\."));

    private static final String FELIX_COMMANDS = "org.apache.felix.gogo.command";

    private ReportedFailure() {
    }

    /**
     * @param line one line of what the command printed to its error stream or returned
     * @param command the command as typed, to name it in the sentence
     * @param owner the bundle that registered the command, if known
     * @return the one sentence an operator reads, or empty when the line is not a failure
     */
    static Optional<String> sentence(String line, String command, Optional<CommandOwner> owner) {
        String text = line.strip();
        Matcher exception = EXCEPTION_LINE.matcher(text);
        String who = command + owner.filter(o -> !o.isGtach()).map(o -> " (" + o.symbolicName() + ")").orElse("");
        if (exception.matches()) {
            String detail = exception.group(2);
            return Optional.of(who + " failed with " + exception.group(1)
                    + (detail == null || detail.isBlank() ? "." : ": " + sentenceEnd(detail.strip())));
        }
        if (owner.map(o -> o.symbolicName().equals(FELIX_COMMANDS)).orElse(false)
                && FELIX_COMPLAINTS.stream().anyMatch(p -> p.matcher(text).matches())) {
            return Optional.of(who + ": " + sentenceEnd(text.replaceAll(" {2,}", " ")));
        }
        return Optional.empty();
    }

    private static String sentenceEnd(String text) {
        return text.endsWith(".") ? text : text + ".";
    }
}
