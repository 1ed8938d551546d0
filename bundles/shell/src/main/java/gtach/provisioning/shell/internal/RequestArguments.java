package gtach.provisioning.shell.internal;

import gtach.provisioning.update.PackageRange;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.update.UpdateRequest.Action;
import gtach.provisioning.version.SemanticRange;

import java.util.ArrayList;
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
     * Install and update take one or more names, each optionally followed by its range; uninstall one or
     * more names. A word after the first that starts with a digit, '[', '(', '^' or '~' is a range (no
     * symbolic name of a package starts so), any other word the next name.
     *
     * @throws IllegalArgumentException with one sentence when the words do not fit the action, e.g. a
     *         name given twice, or two ranges after one name
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
                if (words.isEmpty()) {
                    throw new IllegalArgumentException("uninstall takes one or more symbolic names, but got nothing.");
                }
                for (int i = 1; i < words.size(); i++) {
                    if (isRange(words.get(i))) {
                        throw new IllegalArgumentException("uninstall takes symbolic names only, but got the version range \""
                                + words.get(i) + "\" after " + words.get(i - 1) + ".");
                    }
                }
                yield UpdateRequest.uninstall(words.stream().map(RequestArguments::name).toList());
            }
            case INSTALL, UPDATE -> {
                if (words.isEmpty()) {
                    throw new IllegalArgumentException(verb(action) + " takes one or more symbolic names, each optionally "
                            + "followed by a version range" + (action == Action.UPDATE ? " (or --all)" : "") + ", but got nothing.");
                }
                List<PackageRange> packages = packages(words);
                yield action == Action.INSTALL ? UpdateRequest.install(packages) : UpdateRequest.update(packages);
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

    /** Names, each with the range that follows it if one does. The first word is always a name. */
    private static List<PackageRange> packages(List<String> words) {
        List<PackageRange> packages = new ArrayList<>();
        String name = name(words.get(0));
        for (String word : words.subList(1, words.size())) {
            if (!isRange(word)) {
                if (name != null) {
                    packages.add(PackageRange.of(name));
                }
                name = name(word);
            } else if (name != null) {
                packages.add(PackageRange.of(name, SemanticRange.parse(word)));
                name = null;
            } else {
                PackageRange previous = packages.get(packages.size() - 1);
                throw new IllegalArgumentException(previous.name() + " has two version ranges, "
                        + previous.range().orElseThrow().text() + " and " + word + ": give each package at most one.");
            }
        }
        if (name != null) {
            packages.add(PackageRange.of(name));
        }
        return packages;
    }

    /**
     * A range starts with a digit, '[', '(', '^' or '~'; a symbolic name of a package never does. An empty
     * word is an empty range, which the version bundle refuses naming the position.
     */
    private static boolean isRange(String word) {
        return word.isEmpty() || Character.isDigit(word.charAt(0)) || "[(^~".indexOf(word.charAt(0)) >= 0;
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
                    + (!word.isEmpty() && isRange(word) ? ", and put the name before the range" : "") + ".");
        }
        return word;
    }

    private static String verb(Action action) {
        return action.name().toLowerCase(Locale.ROOT);
    }
}
