package gtach.provisioning.repository.internal;

/** Why one JAR cannot be stored; its message is a sentence fragment such as "it has no manifest". */
final class Refusal extends Exception {

    private static final long serialVersionUID = 1L;

    Refusal(String reason) {
        super(reason);
    }

    Refusal(String reason, Throwable cause) {
        super(reason, cause);
    }
}
