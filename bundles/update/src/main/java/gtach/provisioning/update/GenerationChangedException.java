package gtach.provisioning.update;

/**
 * A request made for one generation found another one current when its turn came: someone else
 * changed what runs in between. Nothing was changed; the caller looks again before it asks again.
 *
 * @since 1.9
 */
public class GenerationChangedException extends UpdateRefusedException {

    private static final long serialVersionUID = 1L;

    private final int expected;
    private final int current;

    public GenerationChangedException(String request, int expected, int current) {
        super("Cannot " + request + ": it was made for generation " + expected + ", but generation " + current
                + " is current now, made while it waited for its turn; nothing was changed.");
        this.expected = expected;
        this.current = current;
    }

    /** The generation the request was made for. */
    public int expected() {
        return expected;
    }

    /** The generation current when the request's turn came. */
    public int current() {
        return current;
    }
}
