package gtach.provisioning.version.internal;

import org.osgi.framework.Version;

/**
 * The reversible mapping between SemVer identifiers and OSGi qualifiers.
 *
 * <p>The qualifier is the pre-release identifiers joined with {@code _}, then, if there is build
 * metadata, {@code __} and the build identifiers joined with {@code _}. It can be read back
 * unambiguously because SemVer identifiers never contain {@code _} and are never empty. Stateless
 * and thread-safe.
 */
public final class OsgiMapping {

    private OsgiMapping() {
    }

    /**
     * Builds the OSGi version for the given SemVer parts.
     *
     * @param major the major version, {@code >= 0}
     * @param minor the minor version, {@code >= 0}
     * @param patch the patch version, {@code >= 0}
     * @param preRelease valid pre-release identifiers, possibly empty; not {@code null}
     * @param build valid build identifiers, possibly empty; not {@code null}
     * @return the OSGi version
     */
    public static Version toOsgiVersion(int major, int minor, int patch, String[] preRelease, String[] build) {
        if (preRelease.length == 0 && build.length == 0) {
            return new Version(major, minor, patch);
        }
        StringBuilder qualifier = new StringBuilder();
        appendJoined(qualifier, preRelease);
        if (build.length > 0) {
            qualifier.append("__");
            appendJoined(qualifier, build);
        }
        return new Version(major, minor, patch, qualifier.toString());
    }

    /**
     * Reads the SemVer parts of an OSGi version, taking the qualifier apart as described in the
     * class documentation. Any qualifier that yields valid SemVer identifiers is accepted, so
     * {@code SNAPSHOT} reads as a pre-release.
     *
     * @param version the OSGi version; not {@code null}
     * @return the parts
     * @throws SyntaxError if the qualifier does not map to valid SemVer identifiers; its index
     *     refers to {@code version.toString()}
     */
    public static ParsedVersion fromOsgiVersion(Version version) {
        String qualifier = version.getQualifier();
        if (qualifier.isEmpty()) {
            return new ParsedVersion(version.getMajor(), version.getMinor(), version.getMicro(),
                    VersionScanner.NO_IDENTIFIERS, VersionScanner.NO_IDENTIFIERS);
        }
        // scan inside the full text so that error positions match what the user sees
        String text = version.toString();
        VersionScanner scanner = new VersionScanner(text, text.length() - qualifier.length());
        return scanner.osgiQualifier(version.getMajor(), version.getMinor(), version.getMicro());
    }

    private static void appendJoined(StringBuilder out, String[] identifiers) {
        for (int i = 0; i < identifiers.length; i++) {
            if (i > 0) {
                out.append('_');
            }
            out.append(identifiers[i]);
        }
    }
}
