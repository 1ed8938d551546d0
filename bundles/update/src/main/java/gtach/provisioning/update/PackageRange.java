package gtach.provisioning.update;

import gtach.provisioning.version.SemanticRange;

import java.util.Objects;
import java.util.Optional;

/**
 * One package of an {@link UpdateRequest}: a symbolic name and, optionally, the versions acceptable.
 * Immutable.
 *
 * @param name the symbolic name; never blank
 * @param range the versions acceptable, empty for "the newest" (for an update: the newest of the
 *        installed major version, unless the request allows a major change)
 * @since 1.5
 */
public record PackageRange(String name, Optional<SemanticRange> range) {

    /**
     * @throws NullPointerException when a part is null
     * @throws IllegalArgumentException when the name is blank
     */
    public PackageRange {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(range, "range");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A package of a request needs a symbolic name, but got \"" + name + "\".");
        }
    }

    /** A package without a range. */
    public static PackageRange of(String name) {
        return new PackageRange(name, Optional.empty());
    }

    /** A package in a range. */
    public static PackageRange of(String name, SemanticRange range) {
        return new PackageRange(name, Optional.of(range));
    }

    /** The name and the range as typed, e.g. {@code gtach.example.tach [2,3)}. */
    @Override
    public String toString() {
        return range.map(r -> name + " " + r.text()).orElse(name);
    }
}
