package gtach.provisioning.update;

/**
 * A package the plan took from a fetched remote could not be downloaded or did not check out
 * against the remote's signed index; nothing running was changed. Unlike other refusals, the same
 * request may succeed later, once the remote answers.
 *
 * @since 1.8
 */
public class DownloadFailedException extends UpdateRefusedException {

    private static final long serialVersionUID = 1L;

    public DownloadFailedException(String message) {
        super(message);
    }
}
