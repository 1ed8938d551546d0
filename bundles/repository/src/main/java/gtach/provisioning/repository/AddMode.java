package gtach.provisioning.repository;

/**
 * How {@link PackageRepository#add(String, AddMode, java.util.function.Consumer)} treats the JARs it
 * stores. A package is <em>unreleased</em> when its version is a snapshot
 * ({@link gtach.provisioning.version.VersionOrder#isSnapshot}, such as {@code 1.0.0-SNAPSHOT}) or it
 * was stored as a development build; every other package is a release. In every mode, a JAR with
 * the same name, version and content as a stored package changes nothing, a JAR of an unreleased
 * package with other content {@linkplain AddOutcome.Status#REPLACED replaces} it, and a release is
 * never replaced.
 *
 * @since 1.3
 */
public enum AddMode {
    /** Stores releases and unreleased packages alike. */
    STORE,
    /**
     * Stores each package as a development build, which later adds with other content replace.
     * Refused for a version stored as a release.
     */
    DEVELOPMENT,
    /**
     * Stores only unreleased packages: snapshots, and rebuilds of development builds already stored.
     * A release is refused.
     */
    UNRELEASED
}
