package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.remote.Channel;
import gtach.provisioning.repository.remote.ReleaseMetadata;

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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code java -jar gtach.jar keygen <name> [--to <dir>]} and {@code java -jar gtach.jar publish
 * [<jars or dirs…>] --to <dir> --key <file> [--expires-days <n>] [--channel <name>=<symbolic
 * name>:<version> …] [--rollout <percent>] [--report-url <url>]}, outside any OSGi framework: the
 * runtime's launcher calls {@link #run} through a class loader over the embedded bundles. Each
 * refusal is one sentence on {@code err} and exit status 1; a usage error exits with 2.
 */
public final class PublishCommand {

    static final int DEFAULT_EXPIRES_DAYS = 30;

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar gtach.jar keygen <name> [--to <dir>]",
            "           writes <name>.key (private, owner-only) and <name>.pub (to pin on clients)",
            "       java -jar gtach.jar publish [<jars or dirs...>] --to <dir> --key <name.key> [--expires-days <n>]",
            "               [--channel <name>=<symbolic name>:<version> ...] [--rollout <percent>] [--report-url <url>]",
            "           adds the JARs (if any) to the remote repository in <dir> and signs a new release (default "
                    + DEFAULT_EXPIRES_DAYS + " days);",
            "           --channel points a channel at a package of the index, taken by --rollout percent of its",
            "           devices (default 100); --report-url is where devices PUT their status; channels and the",
            "           report URL not named again are kept from the previous release; SOURCE_DATE_EPOCH, when set,",
            "           is the time the release says it was issued (for reproducible releases)");

    /**
     * The reproducible-builds convention: when set, the release says it was issued at that time
     * (seconds since 1970) instead of now, so the same inputs sign the same {@code release.json}.
     */
    static final String SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH";

    private PublishCommand() {
    }

    /** The time the release says it was issued: {@code SOURCE_DATE_EPOCH} when it is set, else now. */
    static Instant issuedAt(String sourceDateEpoch) throws RepositoryException {
        if (sourceDateEpoch == null || sourceDateEpoch.isBlank()) {
            return Instant.now();
        }
        try {
            long seconds = Long.parseLong(sourceDateEpoch.strip());
            if (seconds < 0) {
                throw new NumberFormatException();
            }
            return Instant.ofEpochSecond(seconds);
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw new RepositoryException("Nothing was published: " + SOURCE_DATE_EPOCH + " must be a whole number of seconds"
                    + " since 1970, not \"" + sourceDateEpoch + "\".");
        }
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
        List<String> channels = new ArrayList<>();
        Integer rollout = null;
        String reportUrl = null;
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
            } else if (arg.equals("--channel") && hasValue) {
                channels.add(args.get(++i));
            } else if (arg.equals("--rollout") && hasValue && rollout == null) {
                String value = args.get(++i);
                rollout = value.matches("[0-9]{1,3}") ? Integer.parseInt(value) : -1;
                if (rollout > 100 || rollout < 0) {
                    return usage(err, "--rollout needs a whole percentage from 0 to 100, not " + value + ".");
                }
            } else if (arg.equals("--report-url") && hasValue && reportUrl == null) {
                reportUrl = args.get(++i);
            } else if (arg.equals("--rollout") || arg.equals("--report-url")) {
                return usage(err, "publish takes " + arg + " once, with a value.");
            } else if (arg.startsWith("--")) {
                return usage(err, "publish does not know the option " + arg + " or it lacks its value.");
            } else {
                inputs.add(Path.of(arg));
            }
        }
        if (target == null || keyFile == null) {
            return usage(err, "publish needs --to <dir> and --key <file>.");
        }
        if (rollout != null && channels.isEmpty()) {
            return usage(err, "--rollout applies to the channels named with --channel in the same publish; name at least one.");
        }
        Publisher.Changes changes;
        try {
            changes = changes(channels, rollout == null ? 100 : rollout, reportUrl);
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        SigningKey key;
        try {
            key = SigningKey.read(keyFile, true);
        } catch (IOException e) {
            throw new RepositoryException("Nothing was published: the key file cannot be read (" + IoErrorText.describe(e) + ").", e);
        }
        Instant issued = issuedAt(System.getenv(SOURCE_DATE_EPOCH));
        Publisher.Outcome outcome = Publisher.publish(inputs, target.toAbsolutePath(), key, Duration.ofDays(days), issued,
                changes);
        if (!Instant.now().isBefore(outcome.release().expires())) {
            err.println("Warning: release " + outcome.release().counter() + " expired at " + outcome.release().expires()
                    + " already (" + SOURCE_DATE_EPOCH + " dates it " + issued + "), so devices refuse it; publish again without "
                    + SOURCE_DATE_EPOCH + " to sign one they take.");
        }
        out.println("Published release " + outcome.release().counter() + " to " + target.toAbsolutePath() + ": "
                + outcome.added().size() + " JAR(s) added, " + outcome.alreadyPublished().size()
                + " already published, " + outcome.entries() + " in the index" + channelsAndReportUrl(outcome.release())
                + "; signed with key " + key.keyId() + ", valid until " + outcome.release().expires() + ".");
        return 0;
    }

    /**
     * The channels named by {@code --channel <name>=<symbolic name>:<version>} arguments, each with
     * the rollout, and the report URL as given.
     *
     * @throws IllegalArgumentException with one sentence when an argument is not of that form
     */
    private static Publisher.Changes changes(List<String> arguments, int rollout, String reportUrl) {
        // the report URL is checked by the release that holds it
        List<Channel> channels = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String argument : arguments) {
            int equals = argument.indexOf('=');
            int colon = argument.lastIndexOf(':');
            if (equals < 1 || colon < equals + 2 || colon == argument.length() - 1) {
                throw new IllegalArgumentException("--channel needs <name>=<symbolic name>:<version>, such as"
                        + " stable=gtach.example.app:1.1.0, not " + argument + ".");
            }
            String name = argument.substring(0, equals);
            String version = argument.substring(colon + 1);
            // an operator may type the SemVer form of a version, as everywhere else
            String osgiVersion;
            try {
                osgiVersion = VersionText.parse(version).toString();
            } catch (IllegalArgumentException e) {
                osgiVersion = version;
            }
            Channel channel = new Channel(name, argument.substring(equals + 1, colon), osgiVersion, rollout);
            if (!names.add(channel.name())) {
                throw new IllegalArgumentException("--channel names channel " + channel.name() + " twice.");
            }
            channels.add(channel);
        }
        return new Publisher.Changes(channels, reportUrl);
    }

    /** {@code ; channel stable -> gtach.example.app 1.1.0 (25 %)} for each channel, and the report URL; empty without. */
    private static String channelsAndReportUrl(ReleaseMetadata release) {
        StringBuilder text = new StringBuilder();
        for (Channel channel : release.channels()) {
            text.append(text.length() == 0 ? "; " : ", ").append("channel ").append(channel.name()).append(" -> ")
                    .append(channel.symbolicName()).append(' ').append(channel.version())
                    .append(" (").append(channel.rollout()).append(" %)");
        }
        if (release.reportUrl() != null) {
            text.append("; devices report to ").append(release.reportUrl());
        }
        return text.toString();
    }

    private static int usage(PrintStream err, String sentence) {
        err.println(sentence);
        err.println(USAGE);
        return 2;
    }
}
