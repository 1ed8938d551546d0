package gtach.provisioning.update;

import gtach.provisioning.version.SemanticRange;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What an operator asks for: install, update or uninstall one or several packages, or update
 * everything to its newest compatible version (the same major version). Immutable.
 *
 * <p>A request that names several packages is planned and applied as one: one plan, one
 * transaction, one new generation, or nothing at all when any part of it cannot be done. That is
 * how two packages that must move together (a provider to a new major version and the consumer that
 * needs it) are changed. One request has one action; to install one package and update another,
 * make two requests.
 *
 * <p>An update of a package without a range stays within its installed major version, as
 * {@code update --all} does, unless the request allows a major change; a range says itself which
 * versions may be chosen.
 *
 * @param action what to do
 * @param packages the packages named, in the order given, each at most once; empty only for
 *        {@link Action#UPDATE_ALL}; with a range only for {@link Action#INSTALL} and
 *        {@link Action#UPDATE} (since 1.5; before, a request named one package); with a start level or
 *        started state only for those two as well (since 1.6)
 * @param preReleases whether pre-release versions may be chosen
 * @param downgrade whether a lower version than the installed one may be chosen
 * @param majorChange whether an update may move a package named without a range (or, for
 *        {@link Action#UPDATE_ALL}, every package) to a higher major version; only for
 *        {@link Action#UPDATE} with at least one package without a range and {@link Action#UPDATE_ALL}
 *        (since 1.4)
 * @param allowedRestarts symbolic names of bundles that the update service's policy protects from being
 *        stopped or refreshed, which this request may restart all the same, sorted, each once (since 1.10)
 * @param noBaseline whether the plan skips the API baseline: a bundle it updates may remove or change API that a
 *        consumer staying wired to it uses, without raising the major version of the package
 *        ({@code --no-baseline}); not for {@link Action#UNINSTALL} (since 1.11)
 */
public record UpdateRequest(Action action, List<PackageRange> packages, boolean preReleases, boolean downgrade,
        boolean majorChange, List<String> allowedRestarts, boolean noBaseline) {

    /** The kinds of request. */
    public enum Action {
        INSTALL, UPDATE, UPDATE_ALL, UNINSTALL
    }

    /**
     * @throws NullPointerException when a part, or a package, is null
     * @throws IllegalArgumentException with one sentence when the parts do not fit together: no
     *         package for an action that needs one, a range, start level or started state for
     *         uninstall, the same package named twice (with the same range or not), or
     *         {@code majorChange} or {@code noBaseline} where it means nothing, or an allowed restart that is not a
     *         symbolic name
     */
    public UpdateRequest {
        Objects.requireNonNull(action, "action");
        packages = List.copyOf(packages);
        allowedRestarts = List.copyOf(new TreeSet<>(allowedRestarts));
        for (String name : allowedRestarts) {
            if (name.isBlank() || name.chars().anyMatch(c -> Character.isWhitespace(c) || c == ',')) {
                throw new IllegalArgumentException("\"" + name + "\" is not a bundle's symbolic name, which --allow-restart takes.");
            }
        }
        if (packages.isEmpty() != (action == Action.UPDATE_ALL)) {
            throw new IllegalArgumentException(action == Action.UPDATE_ALL
                    ? "An update of everything names no package."
                    : "A request to " + verb(action) + " must name a package.");
        }
        if (action != Action.INSTALL && action != Action.UPDATE && packages.stream().anyMatch(p -> p.range().isPresent())) {
            throw new IllegalArgumentException("Only install and update take a version range.");
        }
        if (action != Action.INSTALL && action != Action.UPDATE && packages.stream().anyMatch(PackageRange::setsStart)) {
            throw new IllegalArgumentException("Only install and update take a start level, --start or --no-start, not "
                    + verb(action) + ".");
        }
        refuseRepeatedNames(packages);
        if (majorChange && action != Action.UPDATE && action != Action.UPDATE_ALL) {
            throw new IllegalArgumentException("Only update takes --major, not " + verb(action) + ".");
        }
        if (noBaseline && action == Action.UNINSTALL) {
            throw new IllegalArgumentException("Only install and update take --no-baseline, not uninstall.");
        }
        if (majorChange && !packages.isEmpty() && packages.stream().allMatch(p -> p.range().isPresent())) {
            throw new IllegalArgumentException(packages.size() == 1
                    ? "--major is for an update without a version range; the range " + packages.get(0).range().get().text()
                            + " already says which versions may be chosen."
                    : "--major is for a package updated without a version range, but each of these has one ("
                            + packages.stream().map(PackageRange::toString).collect(Collectors.joining(", ")) + ").");
        }
    }

    /**
     * A request whose plan checks the API baseline (as before 1.11).
     *
     * @throws IllegalArgumentException as the canonical constructor
     */
    public UpdateRequest(Action action, List<PackageRange> packages, boolean preReleases, boolean downgrade,
            boolean majorChange, List<String> allowedRestarts) {
        this(action, packages, preReleases, downgrade, majorChange, allowedRestarts, false);
    }

    /**
     * A request that allows no restart the policy forbids (as before 1.10).
     *
     * @throws IllegalArgumentException as the canonical constructor
     */
    public UpdateRequest(Action action, List<PackageRange> packages, boolean preReleases, boolean downgrade,
            boolean majorChange) {
        this(action, packages, preReleases, downgrade, majorChange, List.of());
    }

    /**
     * A request for one package (or none, for {@link Action#UPDATE_ALL}).
     *
     * @param name the symbolic name; empty only for {@link Action#UPDATE_ALL}
     * @param range the versions acceptable, empty for "the newest"
     * @throws IllegalArgumentException as the canonical constructor
     */
    public UpdateRequest(Action action, Optional<String> name, Optional<SemanticRange> range, boolean preReleases,
            boolean downgrade, boolean majorChange) {
        this(action, one(action, name, range), preReleases, downgrade, majorChange);
    }

    /**
     * A request for one package that stays within the installed major version when it updates without a range.
     *
     * @throws IllegalArgumentException as the canonical constructor
     */
    public UpdateRequest(Action action, Optional<String> name, Optional<SemanticRange> range, boolean preReleases,
            boolean downgrade) {
        this(action, name, range, preReleases, downgrade, false);
    }

    public static UpdateRequest install(String name, Optional<SemanticRange> range) {
        return new UpdateRequest(Action.INSTALL, Optional.of(name), range, false, false);
    }

    /**
     * Installs several packages, with what they require, as one generation.
     *
     * @throws IllegalArgumentException as the canonical constructor: no package, or one named twice
     * @since 1.5
     */
    public static UpdateRequest install(List<PackageRange> packages) {
        return new UpdateRequest(Action.INSTALL, packages, false, false, false);
    }

    public static UpdateRequest update(String name, Optional<SemanticRange> range) {
        return new UpdateRequest(Action.UPDATE, Optional.of(name), range, false, false);
    }

    /**
     * Updates several installed packages, with what they require, as one generation: the way to move
     * packages that depend on each other across a major version together.
     *
     * @throws IllegalArgumentException as the canonical constructor: no package, or one named twice
     * @since 1.5
     */
    public static UpdateRequest update(List<PackageRange> packages) {
        return new UpdateRequest(Action.UPDATE, packages, false, false, false);
    }

    public static UpdateRequest updateAll() {
        return new UpdateRequest(Action.UPDATE_ALL, List.of(), false, false, false);
    }

    public static UpdateRequest uninstall(String name) {
        return new UpdateRequest(Action.UNINSTALL, Optional.of(name), Optional.empty(), false, false);
    }

    /**
     * Uninstalls several packages, and what only they needed, as one generation.
     *
     * @throws IllegalArgumentException as the canonical constructor: no name, or one named twice
     * @since 1.5
     */
    public static UpdateRequest uninstall(List<String> names) {
        return new UpdateRequest(Action.UNINSTALL, names.stream().map(PackageRange::of).toList(), false, false, false);
    }

    /**
     * The symbolic name of the first package named; empty for {@link Action#UPDATE_ALL}.
     *
     * @deprecated since 1.5 a request may name several packages: use {@link #packages()}
     */
    @Deprecated
    public Optional<String> name() {
        return packages.stream().findFirst().map(PackageRange::name);
    }

    /**
     * The range of the first package named; empty when it has none, and for {@link Action#UPDATE_ALL}.
     *
     * @deprecated since 1.5 a request may name several packages: use {@link #packages()}
     */
    @Deprecated
    public Optional<SemanticRange> range() {
        return packages.stream().findFirst().flatMap(PackageRange::range);
    }

    /**
     * The symbolic names of the packages named, in the order given.
     *
     * @since 1.5
     */
    public List<String> names() {
        return packages.stream().map(PackageRange::name).toList();
    }

    /** The same request, allowing pre-release versions. */
    public UpdateRequest withPreReleases() {
        return new UpdateRequest(action, packages, true, downgrade, majorChange, allowedRestarts, noBaseline);
    }

    /** The same request, allowing a lower version than the installed one. */
    public UpdateRequest allowingDowngrade() {
        return new UpdateRequest(action, packages, preReleases, true, majorChange, allowedRestarts, noBaseline);
    }

    /**
     * The same request, allowing an update without a range to move to a higher major version.
     *
     * @throws IllegalArgumentException unless this is an update with a package without a range, or an
     *         update of everything
     * @since 1.4
     */
    public UpdateRequest allowingMajorChange() {
        return new UpdateRequest(action, packages, preReleases, downgrade, true, allowedRestarts, noBaseline);
    }

    /**
     * The same request with one more package named, e.g. the consumer that must move together with a
     * provider this request moves.
     *
     * @throws IllegalArgumentException as the canonical constructor, e.g. when the package is named already
     * @since 1.5
     */
    public UpdateRequest and(PackageRange another) {
        List<PackageRange> more = new ArrayList<>(packages);
        more.add(another);
        return new UpdateRequest(action, more, preReleases, downgrade, majorChange, allowedRestarts, noBaseline);
    }

    /**
     * The same request, allowing it to stop or refresh these bundles although the update service's policy
     * protects them ({@code --allow-restart}); added to those it allows already.
     *
     * @throws IllegalArgumentException when a name is not a symbolic name
     * @since 1.10
     */
    public UpdateRequest allowingRestart(Collection<String> names) {
        List<String> all = new ArrayList<>(allowedRestarts);
        all.addAll(names);
        return new UpdateRequest(action, packages, preReleases, downgrade, majorChange, all, noBaseline);
    }

    /**
     * The same request, planned without the API baseline ({@code --no-baseline}): a bundle it updates may remove
     * or change API that a consumer staying wired to it uses, under an export version that keeps the major.
     *
     * @throws IllegalArgumentException for an uninstall
     * @since 1.11
     */
    public UpdateRequest withoutBaseline() {
        return new UpdateRequest(action, packages, preReleases, downgrade, majorChange, allowedRestarts, true);
    }

    /**
     * True when the planner keeps some package within its installed major version because nothing
     * else says which versions may be chosen: an update of everything, or an update naming a package
     * without a range, in both cases without a major change.
     *
     * @since 1.4
     */
    public boolean withinInstalledMajor() {
        return action == Action.UPDATE_ALL ? !majorChange : packages.stream().anyMatch(this::withinInstalledMajor);
    }

    /**
     * True when the planner keeps this package of an update within its installed major version: it
     * has no range and the request allows no major change.
     *
     * @since 1.5
     */
    public boolean withinInstalledMajor(PackageRange named) {
        return action == Action.UPDATE && named.range().isEmpty() && !majorChange;
    }

    /**
     * The request as an operator would type it, each package with its range as typed, e.g.
     * {@code update gtach.example.tach [2,3) gtach.example.display ^2.0}. Start options that every
     * package shares come once, after the packages, as the shell takes them
     * ({@code install a b --start-level 3 --no-start}); otherwise each package is followed by its own.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(action == Action.UPDATE_ALL ? "update --all" : verb(action));
        boolean shared = packages.stream().map(PackageRange::startOptions).distinct().count() == 1;
        for (PackageRange p : packages) {
            text.append(' ').append(shared ? new PackageRange(p.name(), p.range()) : p);
        }
        if (shared) {
            text.append(packages.get(0).startOptions());
        }
        if (preReleases) {
            text.append(" --pre");
        }
        if (downgrade) {
            text.append(" --downgrade");
        }
        if (majorChange) {
            text.append(" --major");
        }
        if (!allowedRestarts.isEmpty()) {
            text.append(" --allow-restart ").append(String.join(",", allowedRestarts));
        }
        if (noBaseline) {
            text.append(" --no-baseline");
        }
        return text.toString();
    }

    /**
     * A name given twice is refused rather than merged: with two ranges nothing says which one was
     * meant, and the same name typed twice is most often a slip for another package, which merging
     * would hide.
     */
    private static void refuseRepeatedNames(List<PackageRange> packages) {
        Map<String, PackageRange> seen = new HashMap<>();
        for (PackageRange p : packages) {
            PackageRange earlier = seen.putIfAbsent(p.name(), p);
            if (earlier == null) {
                continue;
            }
            String ranges = earlier.range().equals(p.range()) ? "" : " (" + rangeText(earlier) + " and " + rangeText(p) + ")";
            throw new IllegalArgumentException("A request names each package once, but " + p.name() + " is named twice"
                    + ranges + ".");
        }
    }

    private static String rangeText(PackageRange p) {
        return p.range().map(SemanticRange::text).orElse("without a range");
    }

    private static List<PackageRange> one(Action action, Optional<String> name, Optional<SemanticRange> range) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(range, "range");
        if (name.isEmpty()) {
            if (range.isPresent() && action == Action.UPDATE_ALL) {
                throw new IllegalArgumentException("Only install and update take a version range.");
            }
            return List.of();
        }
        return List.of(new PackageRange(name.get(), range));
    }

    private static String verb(Action action) {
        return action.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
