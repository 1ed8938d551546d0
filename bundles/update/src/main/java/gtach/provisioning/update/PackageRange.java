package gtach.provisioning.update;

import gtach.provisioning.version.SemanticRange;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One package of an {@link UpdateRequest}: a symbolic name and, optionally, the versions acceptable,
 * the start level to give it and whether it runs. Immutable.
 *
 * <p>A start level and the started state are part of the generation, as Karaf features have them: a
 * package at a higher level starts after those at lower ones when the runtime boots, and a package
 * that is not started is installed and resolved, so others can use what it exports, but stays
 * stopped. What a package does not say, it keeps: an installed package keeps its level and state,
 * a new one takes the level and state its application gives it, else the application's default level
 * and started. Only install and update take them.
 *
 * @param name the symbolic name; never blank
 * @param range the versions acceptable, empty for "the newest" (for an update: the newest of the
 *        installed major version, unless the request allows a major change)
 * @param startLevel the start level to give it, which the update service checks is above the
 *        provisioning layer's and at most the framework's; empty to keep the one it has (since 1.6)
 * @param started whether it runs: false to keep it resolved but stopped, true to start it (again);
 *        empty to keep how it is (since 1.6)
 * @since 1.5
 */
public record PackageRange(String name, Optional<SemanticRange> range, OptionalInt startLevel, Optional<Boolean> started) {

    /**
     * @throws NullPointerException when a part is null
     * @throws IllegalArgumentException when the name is blank or the start level is not positive
     * @since 1.6
     */
    public PackageRange {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(startLevel, "startLevel");
        Objects.requireNonNull(started, "started");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A package of a request needs a symbolic name, but got \"" + name + "\".");
        }
        if (startLevel.isPresent() && startLevel.getAsInt() < 1) {
            throw new IllegalArgumentException("A start level is a whole number above 0, but " + name + " was given "
                    + startLevel.getAsInt() + ".");
        }
    }

    /**
     * A package that keeps its start level and state.
     *
     * @throws NullPointerException when a part is null
     * @throws IllegalArgumentException when the name is blank
     */
    public PackageRange(String name, Optional<SemanticRange> range) {
        this(name, range, OptionalInt.empty(), Optional.empty());
    }

    /** A package without a range. */
    public static PackageRange of(String name) {
        return new PackageRange(name, Optional.empty());
    }

    /** A package in a range. */
    public static PackageRange of(String name, SemanticRange range) {
        return new PackageRange(name, Optional.of(range));
    }

    /**
     * The same package at this start level.
     *
     * @throws IllegalArgumentException when the level is not positive
     * @since 1.6
     */
    public PackageRange withStartLevel(int level) {
        return new PackageRange(name, range, OptionalInt.of(level), started);
    }

    /**
     * The same package, installed or kept resolved but not started ({@code --no-start}).
     *
     * @since 1.6
     */
    public PackageRange notStarted() {
        return withStarted(false);
    }

    /**
     * The same package, started or not ({@code --start}, {@code --no-start}).
     *
     * @since 1.6
     */
    public PackageRange withStarted(boolean run) {
        return new PackageRange(name, range, startLevel, Optional.of(run));
    }

    /**
     * True when it names a start level or whether it runs.
     *
     * @since 1.6
     */
    public boolean setsStart() {
        return startLevel.isPresent() || started.isPresent();
    }

    /**
     * The start level and state as options are typed, each after a space, e.g.
     * {@code " --start-level 3 --no-start"}; empty when it names neither.
     *
     * @since 1.6
     */
    public String startOptions() {
        StringBuilder text = new StringBuilder();
        startLevel.ifPresent(level -> text.append(" --start-level ").append(level));
        started.ifPresent(run -> text.append(run ? " --start" : " --no-start"));
        return text.toString();
    }

    /**
     * The name, the range and the start options as typed, e.g.
     * {@code gtach.example.tach [2,3) --start-level 3}.
     */
    @Override
    public String toString() {
        return range.map(r -> name + " " + r.text()).orElse(name) + startOptions();
    }
}
