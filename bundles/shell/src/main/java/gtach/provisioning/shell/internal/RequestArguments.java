package gtach.provisioning.shell.internal;

import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.update.UpdateRequest.Action;
import gtach.provisioning.version.SemanticRange;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The words an operator typed after {@code install}, {@code update} or {@code uninstall}, as a request. */
final class RequestArguments {

    /** An OSGi symbolic name: dot-separated tokens of letters, digits, '_' and '-'. */
    private static final Pattern SYMBOLIC_NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    private RequestArguments() {
    }

    /**
     * Builds a request from the words after the action. The range is read strictly by the version bundle:
     * a bare version is exactly that version, and leading zeros, whitespace and empty ranges are refused.
     *
     * @throws IllegalArgumentException with one sentence when the words do not fit the action
     */
    static UpdateRequest request(Action action, boolean preReleases, boolean downgrade, List<String> words) {
        return request(action, preReleases, downgrade, false, words);
    }

    /**
     * Builds a request from the words after the action, with {@code --major} for an update without a range.
     *
     * @throws IllegalArgumentException with one sentence when the words do not fit the action
     */
    static UpdateRequest request(Action action, boolean preReleases, boolean downgrade, boolean major, List<String> words) {
        UpdateRequest request = switch (action) {
            case UPDATE_ALL -> {
                if (!words.isEmpty()) {
                    throw new IllegalArgumentException("update --all names no package, but got \""
                            + String.join(" ", words) + "\".");
                }
                yield UpdateRequest.updateAll();
            }
            case UNINSTALL -> {
                if (words.size() != 1) {
                    throw new IllegalArgumentException("uninstall takes one symbolic name, but got " + count(words) + ".");
                }
                yield UpdateRequest.uninstall(name(words.get(0)));
            }
            case INSTALL, UPDATE -> {
                if (words.isEmpty() || words.size() > 2) {
                    throw new IllegalArgumentException(verb(action) + " takes a symbolic name and at most one version range"
                            + (action == Action.UPDATE ? " (or --all)" : "") + ", but got " + count(words) + ".");
                }
                Optional<SemanticRange> range = words.size() == 2 ? Optional.of(SemanticRange.parse(words.get(1)))
                        : Optional.empty();
                String name = name(words.get(0));
                yield action == Action.INSTALL ? UpdateRequest.install(name, range) : UpdateRequest.update(name, range);
            }
        };
        if (preReleases) {
            request = request.withPreReleases();
        }
        if (major) {
            request = request.allowingMajorChange();
        }
        return downgrade ? request.allowingDowngrade() : request;
    }

    /** The action named by the first word of {@code gtach:plan}. */
    static Action action(String word, boolean all) {
        Action action = switch (word.toLowerCase(Locale.ROOT)) {
            case "install" -> Action.INSTALL;
            case "update" -> all ? Action.UPDATE_ALL : Action.UPDATE;
            case "uninstall" -> Action.UNINSTALL;
            default -> throw new IllegalArgumentException("Cannot plan \"" + word
                    + "\": the first word must be install, update or uninstall.");
        };
        if (all && action != Action.UPDATE_ALL) {
            throw new IllegalArgumentException("Only update takes --all, not " + word + ".");
        }
        return action;
    }

    private static String name(String word) {
        if (!SYMBOLIC_NAME.matcher(word).matches()) {
            throw new IllegalArgumentException("\"" + word + "\" is not a symbolic name: use letters, digits, '.', '_' and '-'"
                    + (word.startsWith("[") || word.startsWith("(") ? ", and put the name before the range" : "") + ".");
        }
        return word;
    }

    private static String count(List<String> words) {
        return words.isEmpty() ? "nothing" : words.size() == 1 ? "\"" + words.get(0) + "\""
                : words.size() + " words (" + String.join(" ", words) + ")";
    }

    private static String verb(Action action) {
        return action.name().toLowerCase(Locale.ROOT);
    }
}
