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
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,9}");
    private static final List<String> START_OPTIONS = List.of("--start-level", "--no-start", "--start");
    private static final String UNINSTALL_STARTS =
            "uninstall takes no --start-level, --start or --no-start: a package it removes neither starts nor has a level.";
    private static final String INSTALL_STARTS =
            "install has no option --start: it starts what it installs unless --no-start is given.";
    private static final String ALL_STARTS =
            "update --all takes no --start-level, --start or --no-start: they apply to the packages a request names, and it names none.";

    /**
     * The start options as Gogo hands them over; they apply to every package the request names.
     *
     * @param level the text after {@code --start-level}, empty when it was not given
     * @param noStart {@code --no-start}
     * @param start {@code --start}
     */
    record StartOptions(String level, boolean noStart, boolean start) {

        /** No start option given. */
        static final StartOptions NONE = new StartOptions("", false, false);

        boolean given() {
            return !level.isEmpty() || noStart || start;
        }

        /** The package with these options. */
        PackageRange applyTo(PackageRange named) {
            PackageRange result = named;
            if (!level.isEmpty()) {
                if (!WHOLE_NUMBER.matcher(level).matches() || Integer.parseInt(level) < 1) {
                    throw new IllegalArgumentException("--start-level takes a whole number above 0, but got \"" + level + "\".");
                }
                result = result.withStartLevel(Integer.parseInt(level));
            }
            if (noStart && start) {
                throw new IllegalArgumentException("--start and --no-start say opposite things: give one of them.");
            }
            return noStart ? result.notStarted() : start ? result.withStarted(true) : result;
        }
    }

    private RequestArguments() {
    }

    /**
     * The request, allowed to restart the bundles named by {@code --allow-restart} (names separated by commas;
     * empty for none).
     *
     * @throws IllegalArgumentException with one sentence when a name is empty or not a symbolic name
     */
    static UpdateRequest allowingRestart(UpdateRequest request, String names) {
        if (names.isEmpty()) {
            return request;
        }
        List<String> list = List.of(names.split(",", -1));
        if (list.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("--allow-restart takes symbolic names separated by commas, but got \"" + names + "\".");
        }
        return request.allowingRestart(list);
    }

    /**
     * The request, planned without the API baseline when {@code --no-baseline} was given.
     *
     * @throws IllegalArgumentException with one sentence for an uninstall
     */
    static UpdateRequest withoutBaseline(UpdateRequest request, boolean noBaseline) {
        return noBaseline ? request.withoutBaseline() : request;
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
        return request(action, preReleases, downgrade, major, StartOptions.NONE, words);
    }

    /**
     * Builds a request from the words after the action, as above, with start options that apply to every
     * package it names (Gogo takes an option wherever it is typed, so it cannot belong to one package).
     *
     * @throws IllegalArgumentException with one sentence, also when a start option is not a whole number
     *         above 0, is given twice, contradicts another, or comes with uninstall or update --all
     */
    static UpdateRequest request(Action action, boolean preReleases, boolean downgrade, boolean major, StartOptions start,
            List<String> words) {
        if (start.given() && action == Action.UNINSTALL) {
            throw new IllegalArgumentException(UNINSTALL_STARTS);
        }
        if (start.given() && action == Action.UPDATE_ALL) {
            throw new IllegalArgumentException(ALL_STARTS);
        }
        if (start.start() && action == Action.INSTALL) {
            throw new IllegalArgumentException(INSTALL_STARTS);
        }
        refuseStrayOptions(action, words);
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
                List<PackageRange> packages = packages(words).stream().map(start::applyTo).toList();
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

    /**
     * A word that looks like an option reached the words: Gogo took the first {@code --start-level} and left
     * a second one here, or the command does not have that option.
     */
    private static void refuseStrayOptions(Action action, List<String> words) {
        for (String word : words) {
            if (!word.startsWith("--")) {
                continue;
            }
            String option = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
            if (option.equals("--allow-restart")) {
                throw new IllegalArgumentException("--allow-restart is given once, with its names separated by commas "
                        + "(--allow-restart a,b).");
            }
            if (option.equals("--no-baseline")) {
                throw new IllegalArgumentException(switch (action) {
                    case UNINSTALL -> "uninstall has no option --no-baseline: it changes no bundle's API.";
                    case INSTALL -> "install has no option --no-baseline: update the package it would change with "
                            + "gtach:update --no-baseline first.";
                    default -> "--no-baseline is given once and applies to the whole request.";
                });
            }
            String command = action == Action.UPDATE_ALL ? "update --all" : verb(action);
            if (!START_OPTIONS.contains(option)) {
                throw new IllegalArgumentException(command + " has no option " + word + ".");
            }
            if (action == Action.UNINSTALL) {
                throw new IllegalArgumentException(UNINSTALL_STARTS);
            }
            if (action == Action.UPDATE_ALL) {
                throw new IllegalArgumentException(ALL_STARTS);
            }
            if (action == Action.INSTALL && option.equals("--start")) {
                throw new IllegalArgumentException(INSTALL_STARTS);
            }
            throw new IllegalArgumentException(word.contains("=")
                    ? "Write " + option + " and its value apart (" + option + " " + word.substring(word.indexOf('=') + 1)
                            + "), not \"" + word + "\"."
                    : option + " is given once and applies to every package the request names; for packages that "
                            + "need different start options, make one request for each.");
        }
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
