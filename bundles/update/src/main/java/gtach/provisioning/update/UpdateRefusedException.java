package gtach.provisioning.update;

/** A request refused before anything changed: unsatisfiable, breaking, or malformed. */
public class UpdateRefusedException extends UpdateException {

    private static final long serialVersionUID = 1L;

    public UpdateRefusedException(String message) {
        super(message);
    }
}
