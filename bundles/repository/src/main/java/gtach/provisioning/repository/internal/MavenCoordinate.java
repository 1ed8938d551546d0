package gtach.provisioning.repository.internal;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Maven artifact named as {@code mvn:group/artifact/version[/type[/classifier]]}, as Pax URL
 * writes it, and where it lives in a local Maven repository.
 *
 * @param groupId dotted group, one directory per segment
 * @param artifactId the artifact
 * @param version the version
 * @param type the extension, {@code jar} unless given
 * @param classifier the classifier, if any
 */
record MavenCoordinate(String groupId, String artifactId, String version, String type, Optional<String> classifier) {

    static final String SCHEME = "mvn:";

    /** Characters Maven coordinates use; nothing that could leave the repository directory. */
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_+\\-][A-Za-z0-9_.+\\-]*");

    /**
     * Parses a coordinate.
     *
     * @throws IllegalArgumentException when it is malformed, with one sentence
     */
    static MavenCoordinate parse(String text) {
        String body = text.substring(SCHEME.length());
        String[] parts = body.split("/", -1);
        if (parts.length < 3 || parts.length > 5) {
            throw new IllegalArgumentException("Cannot add " + text + ": a Maven coordinate is"
                    + " mvn:group/artifact/version[/type[/classifier]]; nothing was changed.");
        }
        for (String part : parts) {
            if (!PART.matcher(part).matches() || part.contains("..")) {
                throw new IllegalArgumentException("Cannot add " + text + ": \"" + part
                        + "\" is not a valid part of a Maven coordinate; nothing was changed.");
            }
        }
        return new MavenCoordinate(parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : "jar",
                parts.length > 4 ? Optional.of(parts[4]) : Optional.empty());
    }

    /** The artifact's file in a local repository laid out as Maven lays it out. */
    Path path(Path repository) {
        Path directory = repository;
        for (String segment : groupId.split("\\.")) {
            directory = directory.resolve(segment);
        }
        String file = artifactId + "-" + version + classifier.map(name -> "-" + name).orElse("") + "." + type;
        return directory.resolve(artifactId).resolve(version).resolve(file);
    }

    @Override
    public String toString() {
        return SCHEME + groupId + "/" + artifactId + "/" + version
                + (classifier.isPresent() || !type.equals("jar") ? "/" + type : "")
                + classifier.map(name -> "/" + name).orElse("");
    }
}
