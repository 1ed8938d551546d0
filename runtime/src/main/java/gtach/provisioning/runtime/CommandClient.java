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
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code gtach.jar cmd '<line>'}: sends one command line to the runtime of a home and relays its
 * answer, once it has checked that the socket is one it may trust ({@link #untrusted}) and that its
 * path is not too long for the platform ({@link CommandProtocol#socketPathTooLong}).
 */
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
     * Why the command must not be sent to the socket, in one sentence, or empty when it may. What
     * does not exist is left for connecting to report.
     * <p>
     * A socket planted by another user would capture the command, so the run directory and the
     * socket are each trusted only when they are not symbolic links; belong to the user sending
     * the command or to the owner of the home itself (who controls everything in it anyway; a home
     * that is a symbolic link counts as the directory it leads to); give
     * others no permission; the directory does not let its group write (or a member could
     * replace the socket); and, when they are the home owner's rather than the user's, their group
     * is one the user is a member of: an operator of the command group reaches the runtime of the
     * home's owner, and nobody else is trusted. The rule itself is {@link OwnerOnly#refusal}.
     * Failing only the last part is a permission matter, not a planted socket, and is reported
     * as the connection's permission denied would be.
     */
    static Optional<String> untrusted(Path home, Path socket) {
        try {
            UserPrincipal me = OwnerOnly.currentUser(socket);
            UserPrincipal homeOwner = null;
            Set<GroupPrincipal> groups = null;
            for (Path path : List.of(socket.getParent(), socket)) {
                PosixFileAttributes found;
                try {
                    if (Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS) == null) {
                        return Optional.empty();
                    }
                    found = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    return Optional.empty();
                } catch (AccessDeniedException e) {
                    return Optional.of(denied(home, socket, me));
                }
                if (homeOwner == null) {
                    homeOwner = Files.getOwner(home);
                }
                if (groups == null && !found.owner().equals(me)) {
                    groups = GroupMembership.ofThisProcess(path.getFileSystem());
                }
                Optional<OwnerOnly.Refusal> refusal = OwnerOnly.refusal(found, me, homeOwner, groups == null ? Set.of() : groups);
                if (refusal.isPresent()) {
                    return Optional.of(refusal.get().denied() ? denied(home, path, found, me)
                            : "Not sending the command: " + path + (found.isSymbolicLink() ? " is a symbolic link with " : " has ")
                            + OwnerOnly.describe(found) + "; expected " + refusal.get().expected()
                            + ", so the socket there may not be the GTach runtime's own.");
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("Not sending the command: the owner of " + socket + " cannot be checked (" + e.getMessage() + ").");
        }
    }

    /**
     * The sentence for a user the channel is not open to: names the first path on the way to the
     * socket that keeps them out, with its owner, group and mode, and who may pass it.
     */
    static String denied(Path home, Path socket, UserPrincipal me) {
        for (Path path : List.of(home, socket.getParent(), socket)) {
            PosixFileAttributes found;
            try {
                found = Files.readAttributes(path, PosixFileAttributes.class);
            } catch (IOException | UnsupportedOperationException e) {
                break;
            }
            boolean passes = found.isDirectory() ? Files.isExecutable(path) : Files.isReadable(path) && Files.isWritable(path);
            if (!passes) {
                return denied(home, path, found, me);
            }
        }
        return "Cannot reach the GTach runtime on " + home + ": permission denied; only the user who runs it,"
                + " and the members of its command group if it has one, may send commands.";
    }

    private static String denied(Path home, Path path, PosixFileAttributes found, UserPrincipal me) {
        boolean groupPasses = found.permissions().contains(found.isDirectory()
                ? PosixFilePermission.GROUP_EXECUTE : PosixFilePermission.GROUP_WRITE);
        return "Cannot reach the GTach runtime on " + home + ": permission denied on " + path + ", which has "
                + OwnerOnly.describe(found) + "; only " + found.owner().getName()
                + (groupPasses ? " and the members of the group " + found.group().getName() : "")
                + " may send commands, and " + me.getName() + " is not " + (groupPasses ? "one of them." : "that user.");
    }

    private String deniedSentence(Path socket) {
        try {
            return denied(home.root(), socket, OwnerOnly.currentUser(socket));
        } catch (IOException e) {
            return "Cannot reach the GTach runtime on " + home + ": permission denied.";
        }
    }

    /** Runs the line; answers 0 when the command succeeded. */
    int run(String line) {
        Path socket = CommandProtocol.socketOf(home.root());
        Optional<String> tooLong = CommandProtocol.socketPathTooLong(socket, System.getProperty("os.name"));
        if (tooLong.isPresent()) {
            err.println("Cannot reach a GTach runtime on " + home + ": its command socket " + socket + " " + tooLong.get()
                    + ", so no runtime can listen there; choose a shorter home (-Dgtach.home or GTACH_HOME).");
            return NO_RUNTIME;
        }
        Optional<String> untrusted = untrusted(home.root(), socket);
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
                err.println(deniedSentence(socket));
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
