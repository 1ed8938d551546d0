package gtach.provisioning.itests;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The walkthrough of README.md as data: every command of the {@code sh} blocks of one section, with
 * the output the README shows for it.
 * <p>
 * In those blocks a line that is not a comment is a command, and the comment lines under it are
 * what it prints, stdout and stderr as a terminal shows them. In an output line {@code …} stands
 * for any text, and the spaces after it for at least one (so that a table's columns can be shown
 * aligned whatever the width of the text it hides); a line of its own {@code …} stands for any
 * number of lines. {@code [exit N]} says the command ends with status N; without it, a command
 * must succeed.
 */
final class ReadmeWalkthrough {

    /** One command and what the README promises it prints. */
    record Step(String command, List<String> output, int status) {

        /** Whether the lines printed are the ones the README shows. */
        boolean matches(List<String> printed) {
            return matches(output, 0, trimmed(printed), 0);
        }

        private static boolean matches(List<String> expected, int e, List<String> printed, int p) {
            if (e == expected.size()) {
                return p == printed.size();
            }
            if (expected.get(e).equals(ANY)) {
                for (int skip = p; skip <= printed.size(); skip++) {
                    if (matches(expected, e + 1, printed, skip)) {
                        return true;
                    }
                }
                return false;
            }
            return p < printed.size() && line(expected.get(e)).matcher(printed.get(p)).matches()
                    && matches(expected, e + 1, printed, p + 1);
        }

        private static Pattern line(String expected) {
            StringBuilder regex = new StringBuilder();
            String[] parts = expected.split(ANY, -1);
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                if (i > 0) {
                    regex.append(".*?");
                    if (part.startsWith(" ")) {
                        regex.append(" +");
                        part = part.stripLeading();
                    }
                }
                regex.append(Pattern.quote(part));
            }
            return Pattern.compile(regex.toString());
        }

        private static List<String> trimmed(List<String> printed) {
            List<String> lines = new ArrayList<>(printed.stream().map(String::stripTrailing).toList());
            while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        }
    }

    static final String ANY = "…";
    private static final Pattern EXIT = Pattern.compile("\\[exit (\\d+)]");

    private ReadmeWalkthrough() {
    }

    /**
     * The steps of the section whose heading starts with {@code heading}, in order.
     *
     * @throws IllegalArgumentException if there is no such section, or it has output before any command
     */
    static List<Step> of(String readme, String heading) {
        List<String> lines = readme.lines().toList();
        int start = lines.indexOf(lines.stream().filter(l -> l.startsWith(heading)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("README.md has no section " + heading)));
        List<Step> steps = new ArrayList<>();
        boolean inBlock = false;
        String command = null;
        List<String> output = new ArrayList<>();
        int status = 0;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (!inBlock && line.startsWith("## ")) {
                break;
            }
            if (!inBlock) {
                inBlock = line.strip().equals("```sh");
                continue;
            }
            if (line.strip().equals("```") || !line.startsWith("#") && !line.isBlank()) {
                if (command != null) {
                    steps.add(new Step(command, List.copyOf(output), status));
                }
                command = null;
                output.clear();
                status = 0;
                inBlock = !line.strip().equals("```");
                if (inBlock) {
                    command = line.strip();
                }
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            if (command == null) {
                throw new IllegalArgumentException("Output before any command in " + heading + ": " + line);
            }
            String shown = line.startsWith("# ") ? line.substring(2) : line.substring(1);
            Matcher exit = EXIT.matcher(shown.strip());
            if (exit.matches()) {
                status = Integer.parseInt(exit.group(1));
            } else {
                output.add(shown);
            }
        }
        return steps;
    }
}
