package gtach.provisioning.repository.internal;

import java.util.regex.Pattern;

/**
 * What {@code mvn:group/artifact/<version>} asks a Maven remote for: an exact version, a range in
 * Maven's (and OSGi's) syntax such as {@code [1.0,2.0)}, or {@code LATEST} / {@code RELEASE}.
 *
 * @param coordinate the artifact, its version the requested text when exact, else a placeholder
 * @param version the version as requested
 */
record MavenRequest(MavenCoordinate coordinate, String version) {

    static final String LATEST = "LATEST";
    static final String RELEASE = "RELEASE";

    private static final Pattern RANGE = Pattern.compile("[\\[(][A-Za-z0-9_.+\\-]*,[A-Za-z0-9_.+\\-]*[\\])]");

    /**
     * Parses a request.
     *
     * @throws IllegalArgumentException when it is malformed, with one sentence
     */
    static MavenRequest parse(String text) {
        String[] parts = text.substring(MavenCoordinate.SCHEME.length()).split("/", -1);
        if (parts.length >= 3 && isVersionSelection(parts[2])) {
            String[] exact = parts.clone();
            exact[2] = "0";
            MavenCoordinate template = MavenCoordinate.parse(MavenCoordinate.SCHEME + String.join("/", exact));
            return new MavenRequest(template, parts[2]);
        }
        MavenCoordinate coordinate = MavenCoordinate.parse(text);
        return new MavenRequest(coordinate, coordinate.version());
    }

    private static boolean isVersionSelection(String version) {
        return version.equals(LATEST) || version.equals(RELEASE) || RANGE.matcher(version).matches();
    }

    /** Whether the version must be chosen from the artifact's {@code maven-metadata.xml}. */
    boolean selects() {
        return isVersionSelection(version);
    }

    /** The coordinate with the chosen version. */
    MavenCoordinate with(String chosen) {
        return new MavenCoordinate(coordinate.groupId(), coordinate.artifactId(), chosen, coordinate.type(),
                coordinate.classifier());
    }

    @Override
    public String toString() {
        if (!selects()) {
            return coordinate.toString();
        }
        String exact = coordinate.toString();
        String head = MavenCoordinate.SCHEME + coordinate.groupId() + "/" + coordinate.artifactId() + "/";
        // the placeholder version "0" follows the group and artifact
        return head + version + exact.substring(head.length() + 1);
    }
}
