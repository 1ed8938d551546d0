package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.RepositoryException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar gtach.jar keygen <name> [--to <dir>]} and {@code java -jar gtach.jar publish
 * <jars or dirs…> --to <dir> --key <file> [--expires-days <n>]}, outside any OSGi framework: the
 * runtime's launcher calls {@link #run} through a class loader over the embedded bundles. Each
 * refusal is one sentence on {@code err} and exit status 1; a usage error exits with 2.
 */
public final class PublishCommand {

    static final int DEFAULT_EXPIRES_DAYS = 30;

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar gtach.jar keygen <name> [--to <dir>]",
            "           writes <name>.key (private, owner-only) and <name>.pub (to pin on clients)",
            "       java -jar gtach.jar publish <jars or dirs...> --to <dir> --key <name.key> [--expires-days <n>]",
            "           adds the JARs to the remote repository in <dir> and signs a new release (default "
                    + DEFAULT_EXPIRES_DAYS + " days)");

    private PublishCommand() {
    }

    /**
     * Runs {@code keygen} or {@code publish}.
     *
     * @param args the command and its arguments
     * @return 0 on success, 1 when refused, 2 on a usage error
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        List<String> rest = List.of(args).subList(1, args.length);
        try {
            return switch (args[0]) {
                case "keygen" -> keygen(rest, out, err);
                case "publish" -> publish(rest, out, err);
                default -> usage(err, "Unknown command " + args[0] + ".");
            };
        } catch (RepositoryException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    private static int keygen(List<String> args, PrintStream out, PrintStream err) throws RepositoryException {
        String name = null;
        Path dir = Path.of("");
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--to") && i + 1 < args.size()) {
                dir = Path.of(args.get(++i));
            } else if (arg.startsWith("-") || name != null) {
                return usage(err, "keygen takes one name and an optional --to <dir>, not " + arg + ".");
            } else {
                name = arg;
            }
        }
        if (name == null || name.isBlank() || name.contains("/") || name.contains("\\")) {
            return usage(err, "keygen needs a key name without path separators, for example: keygen release-2026.");
        }
        Path privateFile = dir.resolve(name + ".key").toAbsolutePath();
        Path publicFile = dir.resolve(name + ".pub").toAbsolutePath();
        for (Path file : List.of(privateFile, publicFile)) {
            if (Files.exists(file)) {
                throw new RepositoryException("No key was made: " + file + " already exists and a key file is never overwritten.");
            }
        }
        SigningKey key = SigningKey.generate();
        try {
            Files.createDirectories(privateFile.getParent());
            writeNew(privateFile, key.privateFile(), true);
            try {
                writeNew(publicFile, key.publicFile(), false);
            } catch (IOException e) {
                Files.deleteIfExists(privateFile);
                throw e;
            }
        } catch (FileAlreadyExistsException e) {
            throw new RepositoryException("No key was made: " + e.getFile() + " already exists and a key file is never overwritten.", e);
        } catch (IOException e) {
            throw new RepositoryException("No key was made: " + IoErrorText.describe(e) + ".", e);
        }
        out.println("Made key " + key.keyId() + ": " + privateFile + " (private, keep it secret) and "
                + publicFile + " (pin it on clients).");
        return 0;
    }

    private static void writeNew(Path file, byte[] content, boolean ownerOnly) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = ownerOnly && posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Files.createFile(file, attributes);
        Files.write(file, content, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
    }

    private static int publish(List<String> args, PrintStream out, PrintStream err) throws RepositoryException {
        List<Path> inputs = new ArrayList<>();
        Path target = null;
        Path keyFile = null;
        int days = DEFAULT_EXPIRES_DAYS;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            boolean hasValue = i + 1 < args.size();
            if (arg.equals("--to") && hasValue) {
                target = Path.of(args.get(++i));
            } else if (arg.equals("--key") && hasValue) {
                keyFile = Path.of(args.get(++i));
            } else if (arg.equals("--expires-days") && hasValue) {
                try {
                    days = Integer.parseInt(args.get(++i));
                } catch (NumberFormatException e) {
                    days = 0;
                }
                if (days < 1 || days > 3660) {
                    return usage(err, "--expires-days needs a whole number of days from 1 to 3660, not " + args.get(i) + ".");
                }
            } else if (arg.startsWith("--")) {
                return usage(err, "publish does not know the option " + arg + " or it lacks its value.");
            } else {
                inputs.add(Path.of(arg));
            }
        }
        if (inputs.isEmpty() || target == null || keyFile == null) {
            return usage(err, "publish needs JARs or directories, --to <dir> and --key <file>.");
        }
        SigningKey key;
        try {
            key = SigningKey.read(keyFile, true);
        } catch (IOException e) {
            throw new RepositoryException("Nothing was published: the key file cannot be read (" + IoErrorText.describe(e) + ").", e);
        }
        Publisher.Outcome outcome = Publisher.publish(inputs, target.toAbsolutePath(), key, Duration.ofDays(days), Instant.now());
        out.println("Published release " + outcome.release().counter() + " to " + target.toAbsolutePath() + ": "
                + outcome.added().size() + " JAR(s) added, " + outcome.alreadyPublished().size()
                + " already published, " + outcome.entries() + " in the index; signed with key " + key.keyId()
                + ", valid until " + outcome.release().expires() + ".");
        return 0;
    }

    private static int usage(PrintStream err, String sentence) {
        err.println(sentence);
        err.println(USAGE);
        return 2;
    }
}
