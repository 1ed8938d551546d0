package gtach.provisioning.repository.internal;

import java.io.IOException;

/** A metadata file that exists but cannot be used: too large, not JSON, or not the expected format. */
final class MalformedMetadataException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param problem what is wrong, as a sentence fragment such as {@code unknown field "x" at line 3} */
    MalformedMetadataException(String problem) {
        super(problem);
    }

    MalformedMetadataException(String problem, Throwable cause) {
        super(problem, cause);
    }
}
