package gtach.provisioning.repository.internal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One JAR a source names, not yet read.
 *
 * @param origin the JAR as the source named it, for {@link gtach.provisioning.repository.AddOutcome#origin()}
 * @param display how messages name it: a file name, a URL or a coordinate
 * @param recordedSource what {@code package.json} records as its source
 * @param fetch copies it into the repository's staging area
 */
record JarSource(String origin, String display, String recordedSource, Fetch fetch) {

    /** Copies the JAR to a new file, hashing it on the way. */
    @FunctionalInterface
    interface Fetch {
        /**
         * @throws Refusal when the JAR is too large or its bytes cannot be read (a file in a directory)
         * @throws IllegalArgumentException when the source cannot be reached at all (a URL)
         * @throws IOException when the repository cannot be written
         */
        DurableFiles.Content copyTo(Path target, long maxBytes) throws Refusal, IOException;
    }
}
