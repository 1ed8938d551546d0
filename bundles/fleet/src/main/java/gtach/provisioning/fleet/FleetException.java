package gtach.provisioning.fleet;

/** A request to the fleet service that was refused, with one sentence saying why; nothing was changed. */
public class FleetException extends Exception {

    private static final long serialVersionUID = 1L;

    public FleetException(String message) {
        super(message);
    }

    public FleetException(String message, Throwable cause) {
        super(message, cause);
    }
}
