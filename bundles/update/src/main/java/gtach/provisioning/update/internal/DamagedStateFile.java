package gtach.provisioning.update.internal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A state file that cannot be read as what it should hold. The message is one sentence for an
 * operator: the file, what is wrong with it, and what to do.
 */
final class DamagedStateFile extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    DamagedStateFile(Path file, String problem, String remedy, Throwable cause) {
        super("The update state file " + file + " is damaged (" + problem + "); " + remedy + ".", cause);
        this.file = file;
        this.problem = problem;
    }

    Path file() {
        return file;
    }

    /** What is wrong, e.g. "truncated JSON at line 3". */
    String problem() {
        return problem;
    }

    /**
     * The sentence for a failed read of the state: a damaged file's own sentence, else the context
     * and the I/O error (whose message is often only a path).
     */
    static String sentence(IOException e, String context) {
        if (e instanceof DamagedStateFile || e instanceof UnwritableState) {
            return e.getMessage();
        }
        return context + ": " + e + ".";
    }
}
