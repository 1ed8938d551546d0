package gtach.provisioning.repository;

/**
 * An I/O or format failure of the repository; its message is one sentence saying what failed and
 * that nothing stored was changed.
 */
public class RepositoryException extends Exception {

    private static final long serialVersionUID = 1L;

    public RepositoryException(String message) {
        super(message);
    }

    public RepositoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
