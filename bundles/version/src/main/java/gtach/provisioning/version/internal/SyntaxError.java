package gtach.provisioning.version.internal;

/**
 * A syntax problem found by one of the scanners in this package: a short description of the
 * problem and the 0-based index in the scanned text where it was found.
 *
 * <p>The API classes catch it and turn it into an {@link IllegalArgumentException} whose message
 * names the whole text and the 1-based character position (see {@link Messages#format}). It is an
 * {@code IllegalArgumentException} itself so that, should it ever escape, callers still see the
 * documented exception type. Instances are immutable and carry no stack trace, because they are
 * created on the hot failure path of parsing and always rethrown.
 */
public final class SyntaxError extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** What is wrong, without position. */
    private final String problem;
    /** 0-based index into the scanned text. */
    private final int index;

    /**
     * Creates a syntax error.
     *
     * @param problem what is wrong, phrased so that {@code " at character N"} can follow it; must
     *     not be {@code null}
     * @param index 0-based index into the scanned text; may equal the text length for problems
     *     found at the end of the text
     */
    public SyntaxError(String problem, int index) {
        super(problem);
        this.problem = problem;
        this.index = index;
    }

    /**
     * Returns the description of the problem, without position.
     *
     * @return the problem, never {@code null}
     */
    public String problem() {
        return problem;
    }

    /**
     * Returns the 0-based index into the scanned text where the problem was found.
     *
     * @return the index, between 0 and the text length inclusive
     */
    public int index() {
        return index;
    }

    /**
     * Skips capturing the stack trace: the error is always caught and replaced by the caller.
     *
     * @return this error
     */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
