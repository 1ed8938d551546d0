package gtach.provisioning.console.internal;

import gtach.provisioning.console.CommandProtocol;
import gtach.provisioning.console.OwnerOnly;
import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Listens on {@code <home>/run/gtach.sock} and runs each command line it receives through Gogo.
 * The socket sits in a directory only the runtime's user (and the members of the command group
 * named by the {@value OwnerOnly#GROUP_PROPERTY} framework property, if set) can enter, and is
 * itself open to no one else: that is the whole access control (see {@link OwnerOnly}), so the
 * channel is never reachable from the network.
 */
@Component(immediate = true, configurationPid = CommandChannel.PID)
@Designate(ocd = CommandChannel.Config.class)
public final class CommandChannel {

    static final String PID = "gtach.provisioning.console";

    /** The framework property the launcher sets to the GTach home. */
    static final String HOME_PROPERTY = "gtach.home";

    private static final int MAX_CLIENTS = 4;

    @ObjectClassDefinition(name = "GTach command channel",
            description = "The Unix domain socket, owner-only or shared with the command group, that `gtach.jar cmd` talks to")
    public @interface Config {
        @AttributeDefinition(description = "Socket path; empty means <gtach.home>/run/gtach.sock, and no channel when gtach.home is not set")
        String socket() default "";
    }

    private final ServerSocketChannel server;
    private final Path socket;
    private final ThreadPoolExecutor clients;
    private final Thread acceptor;
    private final Logger log;

    @Activate
    public CommandChannel(BundleContext context, Config config, @Reference CommandProcessor processor,
            @Reference(service = LoggerFactory.class) Logger log) throws IOException {
        this.log = log;
        this.socket = socketPath(context, config);
        if (socket == null) {
            log.info("No {} framework property and no socket configured: the command channel is off", HOME_PROPERTY);
            this.server = null;
            this.clients = null;
            this.acceptor = null;
            return;
        }
        Optional<String> tooLong = CommandProtocol.socketPathTooLong(socket, System.getProperty("os.name"));
        if (tooLong.isPresent()) {
            throw new IOException("The command socket " + socket + " " + tooLong.get() + "; "
                    + (config.socket().isBlank() ? "choose a shorter GTach home" : "configure a shorter socket path in " + PID));
        }
        GroupPrincipal group = commandGroup(context, socket);
        OwnerOnlyDirectory.prepare(socket.getParent(), group);
        // The launcher's home lock guarantees no other runtime owns this socket: a leftover is stale.
        Files.deleteIfExists(socket);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        OwnerOnly.restrict(socket, group);
        this.clients = new ThreadPoolExecutor(MAX_CLIENTS, MAX_CLIENTS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(16), runnable -> new Thread(runnable, "gtach-command"));
        clients.allowCoreThreadTimeOut(true);
        this.acceptor = new Thread(() -> accept(context, processor), "gtach-command-channel");
        acceptor.setDaemon(true);
        acceptor.start();
        log.info("Command channel listening on {}", socket);
    }

    /** The group whose members may use the channel besides its owner, or null for owner only. */
    private static GroupPrincipal commandGroup(BundleContext context, Path socket) throws IOException {
        String name = context.getProperty(OwnerOnly.GROUP_PROPERTY);
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            return OwnerOnly.group(socket, name.strip());
        } catch (UserPrincipalNotFoundException e) {
            throw new IOException("The command group " + name.strip() + " named by " + OwnerOnly.GROUP_PROPERTY + " does not exist", e);
        }
    }

    private static Path socketPath(BundleContext context, Config config) {
        if (!config.socket().isBlank()) {
            return Path.of(config.socket()).toAbsolutePath();
        }
        String home = context.getProperty(HOME_PROPERTY);
        return home == null || home.isBlank() ? null : CommandProtocol.socketOf(Path.of(home).toAbsolutePath());
    }

    private void accept(BundleContext context, CommandProcessor processor) {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                try {
                    clients.execute(new CommandConnection(client, processor, context, log));
                } catch (RejectedExecutionException busy) {
                    log.warn("Too many command channel clients at once; closing one");
                    client.close();
                }
            } catch (AsynchronousCloseException closed) {
                return;
            } catch (IOException e) {
                log.error("Command channel stopped accepting: {}", e.toString());
                return;
            }
        }
    }

    @Deactivate
    void stop() throws InterruptedException {
        if (server == null) {
            return;
        }
        try {
            server.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            log.warn("Could not remove the command socket {}: {}", socket, e.toString());
        }
        clients.shutdown();
        // Let a running command (such as "stop 0", which stops us) send its exit status.
        if (!clients.awaitTermination(5, TimeUnit.SECONDS)) {
            log.warn("Command channel clients still running after 5 s; abandoning them");
            clients.shutdownNow();
        }
        acceptor.join(1000);
    }
}
