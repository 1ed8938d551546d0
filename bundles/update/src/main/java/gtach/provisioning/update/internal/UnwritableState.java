package gtach.provisioning.update.internal;

import java.io.IOException;
import java.nio.file.Path;

/** The state directory cannot be written; the message is one sentence naming it and the user who must be able to. */
final class UnwritableState extends IOException {

    private static final long serialVersionUID = 1L;

    UnwritableState(Path directory, Throwable cause) {
        super("The update state directory " + directory + " is not writable by the user " + System.getProperty("user.name")
                + " the runtime runs as, so no update could be recorded; make it and the files in it writable by that user"
                + " (for example chown -R " + System.getProperty("user.name") + " " + directory + ") and start again.",
                cause);
    }
}
