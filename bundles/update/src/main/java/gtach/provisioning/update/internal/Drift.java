package gtach.provisioning.update.internal;

import gtach.provisioning.update.Generation;
import gtach.provisioning.update.ManagedBundle;
import org.osgi.framework.Version;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How the managed bundles in the framework differ from the generation that should run: someone used
 * the framework's own shell ({@code update}, {@code stop}, {@code uninstall}), or a power cut tore the
 * framework's cache. Compared are names, versions, the SHA-256 of the JAR the framework holds, the
 * persistent start mark and the start level. Whether a started bundle is really active is not drift:
 * a bundle that fails to start is the application's failure, and a request must still be able to fix it.
 */
final class Drift {

    /** What differs. */
    enum Kind {
        /** The generation's bundle is not installed. */
        MISSING,
        /** Another bundle or version is installed at its location. */
        OTHER_BUNDLE,
        /** The same name and version, with other bytes than the generation recorded. */
        OTHER_CONTENT,
        /** The framework's copy of the JAR cannot be read. */
        UNREADABLE,
        /** A managed bundle the generation does not have. */
        EXTRA,
        /** Stopped though meant to run, or the other way round. */
        START_MARK,
        /** Another start level. */
        START_LEVEL
    }

    /**
     * One difference.
     *
     * @param location the managed location it concerns
     * @param text one sentence for the operator
     * @param kind what differs
     */
    record Difference(String location, String text, Kind kind) {

        /**
         * Whether the framework holds other bundle content there (or none), so that putting the generation
         * back must replace the bundle rather than only start it or move its start level.
         */
        boolean content() {
            return kind != Kind.START_MARK && kind != Kind.START_LEVEL;
        }

        /** What a torn framework cache leaves: the generation's own bundle gone or damaged. */
        boolean torn() {
            return kind == Kind.MISSING || kind == Kind.OTHER_CONTENT || kind == Kind.UNREADABLE;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** The SHA-256 of the JAR the framework holds for a bundle; empty when it cannot tell. */
    interface Contents {
        Optional<String> sha256(BundleState bundle) throws IOException;
    }

    private Drift() {
    }

    static List<Difference> between(Generation generation, FrameworkView view, Contents contents) {
        List<Difference> differences = new ArrayList<>();
        String in = "generation " + generation.number();
        Set<String> locations = new HashSet<>();
        for (ManagedBundle wanted : generation.bundles()) {
            locations.add(wanted.location());
            Version version = Version.parseVersion(wanted.version());
            String name = wanted.symbolicName() + " " + Versions.display(version);
            BundleState found = view.managed().get(wanted.location().substring(TargetBundle.LOCATION_PREFIX.length()));
            if (found == null) {
                differences.add(new Difference(wanted.location(), name + " is not installed, but " + in + " has it", Kind.MISSING));
                continue;
            }
            if (!found.symbolicName().equals(wanted.symbolicName())
                    || !found.version().equals(version)) {
                differences.add(new Difference(wanted.location(), wanted.location() + " holds " + found + ", but " + in
                        + " has " + name, Kind.OTHER_BUNDLE));
                continue;
            }
            Optional<String> sha256;
            try {
                sha256 = contents.sha256(found);
            } catch (IOException e) {
                differences.add(new Difference(wanted.location(), "the framework's copy of " + name
                        + " cannot be read (" + e.getMessage() + ")", Kind.UNREADABLE));
                continue;
            }
            if (sha256.isPresent() && !sha256.get().equals(wanted.sha256())) {
                differences.add(new Difference(wanted.location(), "the framework holds other content for " + name
                        + " than " + in + " recorded (SHA-256 " + shortHash(sha256.get()) + " instead of "
                        + shortHash(wanted.sha256()) + ")", Kind.OTHER_CONTENT));
                continue;
            }
            if (!found.fragment() && found.persistentlyStarted() != wanted.started()) {
                differences.add(new Difference(wanted.location(), name + (wanted.started()
                        ? " is stopped, but " + in + " has it running" : " is started, but " + in + " has it stopped"), Kind.START_MARK));
            }
            if (wanted.startLevel() > 0 && found.startLevel() != wanted.startLevel()) {
                differences.add(new Difference(wanted.location(), name + " has start level " + found.startLevel()
                        + ", but " + in + " gives it " + wanted.startLevel(), Kind.START_LEVEL));
            }
        }
        for (BundleState extra : view.managed().values()) {
            if (!locations.contains(extra.location())) {
                differences.add(new Difference(extra.location(), extra + " is installed as " + extra.location() + ", but "
                        + in + " does not have it", Kind.EXTRA));
            }
        }
        return differences;
    }

    /** The locations whose bundles must be replaced to put the generation back. */
    static Set<String> replaced(List<Difference> differences) {
        Set<String> locations = new HashSet<>();
        differences.stream().filter(Difference::content).forEach(d -> locations.add(d.location()));
        return locations;
    }

    private static String shortHash(String sha256) {
        return sha256.length() > 12 ? sha256.substring(0, 12) + "…" : sha256;
    }
}
