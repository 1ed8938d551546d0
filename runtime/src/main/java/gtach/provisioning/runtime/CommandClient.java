package gtach.provisioning.runtime;

import gtach.provisioning.console.CommandProtocol;
import gtach.provisioning.console.CommandProtocol.Frame;
import gtach.provisioning.console.OwnerOnly;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Optional;

/** {@code gtach.jar cmd '<line>'}: sends one command line to the runtime of a home and relays its answer. */
final class CommandClient {

    static final int COMMAND_FAILED = 1;
    static final int NO_RUNTIME = 2;

    private final GtachHome home;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private final boolean colour;
    private final boolean verbose;

    /**
     * @param terminal whether a person watches at a terminal, and so may see progress
     * @param colour whether {@code out} is a terminal that should get colour
     * @param verbose whether a failure should be followed by its stack trace
     */
    CommandClient(GtachHome home, PrintStream out, PrintStream err, boolean terminal, boolean colour, boolean verbose) {
        this.home = home;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.colour = colour;
        this.verbose = verbose;
    }

    /** Colour when both ends are a terminal, unless NO_COLOR is set (no-color.org) or the terminal is dumb. */
    static boolean wantsColour(boolean terminal, java.util.Map<String, String> environment) {
        String noColour = environment.get("NO_COLOR");
        return terminal && (noColour == null || noColour.isEmpty()) && !"dumb".equals(environment.get("TERM"));
    }

    /**
     * Why the socket, or the directory it is in, may not be the runtime's own, in one sentence: a
     * socket planted by another user would capture the command. What does not exist is left for
     * connecting to report.
     */
    static Optional<String> untrusted(Path socket) {
        try {
            UserPrincipal me = OwnerOnly.currentUser(socket);
            for (Path path : List.of(socket.getParent(), socket)) {
                if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    Optional<OwnerOnly.Problem> problem = OwnerOnly.problem(path, me);
                    if (problem.isPresent()) {
                        return Optional.of("Not sending the command: " + path + " " + problem.get().description()
                                + ", so the socket there may not be the GTach runtime's own.");
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("Not sending the command: the owner of " + socket + " cannot be checked (" + e.getMessage() + ").");
        }
    }

    /** Runs the line; answers 0 when the command succeeded. */
    int run(String line) {
        Path socket = CommandProtocol.socketOf(home.root());
        Optional<String> untrusted = untrusted(socket);
        if (untrusted.isPresent()) {
            err.println(untrusted.get());
            return NO_RUNTIME;
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            String reason = String.valueOf(e.getMessage());
            if (reason.contains("Permission denied")) {
                err.println("Cannot reach the GTach runtime on " + home + ": permission denied; only the user who runs it may send commands.");
            } else {
                err.println("No GTach runtime is running on " + home + " (nothing listens on " + socket + ").");
            }
            return NO_RUNTIME;
        }
        try (channel) {
            DataOutputStream request = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
            CommandProtocol.writeText(request, CommandProtocol.DIRECTORY, Path.of("").toAbsolutePath().toString());
            CommandProtocol.writeText(request, CommandProtocol.VARIABLE, CommandProtocol.PROGRESS + "=" + terminal);
            CommandProtocol.writeText(request, CommandProtocol.VARIABLE, CommandProtocol.COLOUR + "=" + colour);
            CommandProtocol.writeText(request, CommandProtocol.VARIABLE, CommandProtocol.VERBOSE + "=" + verbose);
            CommandProtocol.writeText(request, CommandProtocol.REQUEST, line);
            DataInputStream answer = new DataInputStream(Channels.newInputStream(channel));
            while (true) {
                Frame frame = CommandProtocol.read(answer);
                switch (frame.kind()) {
                    case CommandProtocol.OUT -> out.write(frame.payload());
                    case CommandProtocol.ERR -> err.write(frame.payload());
                    case CommandProtocol.EXIT -> {
                        out.flush();
                        err.flush();
                        return frame.status();
                    }
                    default -> throw new IOException("unexpected frame kind " + frame.kind());
                }
            }
        } catch (EOFException e) {
            out.flush();
            err.println("The GTach runtime on " + home + " closed the connection before the command finished.");
            return COMMAND_FAILED;
        } catch (IOException e) {
            out.flush();
            err.println("The command channel of the GTach runtime on " + home + " failed: " + e.getMessage() + ".");
            return COMMAND_FAILED;
        }
    }
}
