package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.AddOutcome;

import java.nio.file.Path;

/** A separate JVM adding JARs one by one, for the tests of processes sharing a repository. */
public final class AddingProcess {

    private AddingProcess() {
    }

    /** Arguments: the repository directory, then the JARs. Prints one status per JAR. */
    public static void main(String[] args) throws Exception {
        RepositoryStore store = RepositoryStore.open(Path.of(args[0]));
        for (int i = 1; i < args.length; i++) {
            for (AddOutcome outcome : store.add(args[i])) {
                System.out.println(outcome.status());
            }
        }
    }
}
