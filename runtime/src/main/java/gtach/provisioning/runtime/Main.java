package gtach.provisioning.runtime;

import java.util.Arrays;

/**
 * {@code java -jar gtach.jar} starts the runtime; {@code java -jar gtach.jar cmd '<line>'} runs one
 * Gogo command line in the runtime already running on the same home; {@code keygen} and
 * {@code publish} make a signing key and publish a remote repository, without starting the runtime.
 */
public final class Main {

    private static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar gtach.jar                 start the GTach runtime (console on a terminal, daemon otherwise)",
            "       java -jar gtach.jar cmd [--verbose] '<command>'",
            "                                           run one command in the running runtime, e.g. cmd 'gtach:status';",
            "                                           --verbose adds the stack trace to a failure",
            "       java -jar gtach.jar keygen <name> [--to <dir>]",
            "                                           make an Ed25519 key pair <name>.key and <name>.pub for publishing",
            "       java -jar gtach.jar publish <jars or dirs...> --to <dir> --key <name.key> [--expires-days <n>]",
            "                                           add JARs to a remote repository of static files and sign a new release",
            "The home is -Dgtach.home, else $GTACH_HOME, else ~/.gtach. Commands are the runtime's user's only, unless",
            "-Dgtach.command.group or $GTACH_COMMAND_GROUP names a group whose members may send them too.");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        long launched = System.nanoTime();
        GtachHome home = GtachHome.resolve(System.getProperties(), System.getenv());
        if (args.length == 0) {
            try {
                CommandGroup group = CommandGroup.resolve(System.getProperties(), System.getenv()).orElse(null);
                return new GtachRuntime(home, group, System.console() != null, launched).run();
            } catch (StartupException e) {
                System.err.println(e.getMessage());
                return 1;
            } catch (Exception e) {
                System.err.println("GTach failed to start on " + home + ": " + e.getMessage());
                return 1;
            }
        }
        if (args[0].equals("cmd")) {
            boolean verbose = args.length > 1 && args[1].equals("--verbose");
            int first = verbose ? 2 : 1;
            if (args.length == first) {
                System.err.println("cmd needs a command line, for example: java -jar gtach.jar cmd 'gtach:status'");
                return 2;
            }
            String line = String.join(" ", Arrays.copyOfRange(args, first, args.length));
            boolean terminal = System.console() != null;
            boolean colour = CommandClient.wantsColour(terminal, System.getenv());
            return new CommandClient(home, System.out, System.err, terminal, colour, verbose).run(line);
        }
        if (args[0].equals("keygen") || args[0].equals("publish")) {
            return RepositoryTools.run(args, System.out, System.err);
        }
        if (args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println(USAGE);
            return 0;
        }
        System.err.println("Unknown arguments " + Arrays.toString(args) + "; see `java -jar gtach.jar --help`.");
        return 2;
    }
}
