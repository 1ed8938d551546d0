package gtach.provisioning.repository.internal;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Names of the entries a process creates under {@code tmp/}: {@code <pid>-<random>}, so that
 * opening a repository can delete what crashed processes left behind while never touching what a
 * live process is still staging.
 */
final class TemporaryNames {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long PID = ProcessHandle.current().pid();

    private TemporaryNames() {
    }

    /** The prefix of every temporary name of this process. */
    static String prefix() {
        return PID + "-";
    }

    /** A fresh name for a temporary entry of this process. */
    static String next() {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return prefix() + HexFormat.of().formatHex(random);
    }

    /**
     * Whether an entry under {@code tmp/} can go: it was not named by this scheme, or the process
     * that named it is gone. Entries of this very process are kept, since another store instance
     * in this JVM may be staging them.
     */
    static boolean isStale(String name) {
        Optional<Long> pid = ownerPid(name);
        if (pid.isEmpty()) {
            return true;
        }
        return pid.get() != PID && ProcessHandle.of(pid.get()).map(process -> !process.isAlive()).orElse(true);
    }

    private static Optional<Long> ownerPid(String name) {
        int dash = name.indexOf('-');
        if (dash <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(name.substring(0, dash)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
