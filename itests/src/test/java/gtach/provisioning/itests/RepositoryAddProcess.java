package gtach.provisioning.itests;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.internal.RepositoryStore;

import java.nio.file.Path;

/**
 * A separate JVM that adds JARs to a repository one by one, printing each outcome: the writer the
 * process-level repository tests run twice at once, or kill.
 * <p>
 * Arguments: the repository directory, then the JARs.
 */
public final class RepositoryAddProcess {

    private RepositoryAddProcess() {
    }

    public static void main(String[] args) throws Exception {
        RepositoryStore store = RepositoryStore.open(Path.of(args[0]));
        for (int i = 1; i < args.length; i++) {
            for (AddOutcome outcome : store.add(args[i])) {
                System.out.println(outcome.status() + " " + outcome.origin());
                System.out.flush();
            }
        }
    }
}
