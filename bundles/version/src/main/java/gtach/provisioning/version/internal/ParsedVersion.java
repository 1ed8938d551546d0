package gtach.provisioning.version.internal;

/**
 * The parts of a semantic version as read by {@link VersionScanner} or {@link OsgiMapping}.
 *
 * <p>A plain transfer object between the scanners and the API classes: the arrays are handed over
 * without copying, so the receiver owns them and nobody may modify them afterwards. Numbers are
 * never negative; identifiers are never empty and only use {@code [0-9A-Za-z-]}.
 *
 * @param major the major version, {@code >= 0}
 * @param minor the minor version, {@code >= 0}
 * @param patch the patch version, {@code >= 0}
 * @param preRelease the pre-release identifiers, empty when there are none; never {@code null}
 * @param build the build metadata identifiers, empty when there are none; never {@code null}
 */
public record ParsedVersion(int major, int minor, int patch, String[] preRelease, String[] build) {
}
