package gtach.provisioning.update;

/** An update that did not happen; the message is one sentence for an operator. */
public class UpdateException extends Exception {

    private static final long serialVersionUID = 1L;

    public UpdateException(String message) {
        super(message);
    }

    public UpdateException(String message, Throwable cause) {
        super(message, cause);
    }
}
