package gtach.provisioning.update.internal;

/** Applying or verifying a change failed; the message says what, in words for an operator. */
final class ApplyFailure extends Exception {

    private static final long serialVersionUID = 1L;

    ApplyFailure(String message) {
        super(message);
    }

    ApplyFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
