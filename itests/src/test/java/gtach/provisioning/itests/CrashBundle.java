package gtach.provisioning.itests;

import org.osgi.framework.Version;

/**
 * One managed bundle as the crash test compares it: what a generation file says, or what runs.
 *
 * @param active for a generation, whether it is meant to be started; for what runs, whether it is ACTIVE
 * @param startLevel its start level: an application bundle must never land at the provisioning level
 */
record CrashBundle(String symbolicName, String version, String sha256, boolean active, int startLevel)
        implements Comparable<CrashBundle> {

    CrashBundle {
        // "1.0" and "1.0.0" are one OSGi version
        version = Version.parseVersion(version).toString();
    }

    /** The line the fixture activator appends to app-events.log when this bundle starts. */
    String startEvent() {
        return "start " + symbolicName + " " + version;
    }

    @Override
    public int compareTo(CrashBundle other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return symbolicName + " " + version + " sha256=" + sha256.substring(0, Math.min(12, sha256.length()))
                + (active ? " ACTIVE" : " not active") + " level " + startLevel;
    }
}
