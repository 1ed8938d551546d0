package gtach.provisioning.runtime;

/** A start-up failure whose message is the one sentence the operator sees. */
final class StartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StartupException(String sentence) {
        super(sentence);
    }
}
