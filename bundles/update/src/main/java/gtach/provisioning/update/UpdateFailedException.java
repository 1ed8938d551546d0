package gtach.provisioning.update;

/**
 * An update that failed while being applied or verified; the previous generation is running again
 * (the message says so, and says what failed).
 */
public class UpdateFailedException extends UpdateException {

    private static final long serialVersionUID = 1L;

    private final int runningGeneration;

    public UpdateFailedException(String message, int runningGeneration, Throwable cause) {
        super(message, cause);
        this.runningGeneration = runningGeneration;
    }

    /** The generation running after the rollback. */
    public int runningGeneration() {
        return runningGeneration;
    }
}
