package gtach.provisioning.console.internal;

import gtach.provisioning.console.CommandProtocol;
import gtach.provisioning.console.CommandProtocol.Frame;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.service.log.Logger;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** One client: reads a command line, runs it in a fresh Gogo session, streams output and status back. */
final class CommandConnection implements Runnable {

    /** The order in which unscoped command names are looked up; the same as the runtime's console profile. */
    static final String SCOPE = "felix:gogo:gtach:*";

    private final SocketChannel channel;
    private final CommandProcessor processor;
    private final Logger log;

    CommandConnection(SocketChannel channel, CommandProcessor processor, Logger log) {
        this.channel = channel;
        this.processor = processor;
        this.log = log;
    }

    @Override
    public void run() {
        try (channel) {
            DataInputStream in = new DataInputStream(Channels.newInputStream(channel));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
            Frame request = CommandProtocol.read(in);
            Path directory = null;
            Map<String, String> variables = new LinkedHashMap<>();
            while (request.kind() == CommandProtocol.DIRECTORY || request.kind() == CommandProtocol.VARIABLE) {
                if (request.kind() == CommandProtocol.DIRECTORY) {
                    directory = Path.of(request.text());
                } else {
                    addVariable(request.text(), variables);
                }
                request = CommandProtocol.read(in);
            }
            if (request.kind() != CommandProtocol.REQUEST) {
                log.warn("Ignoring a command channel client that sent frame kind {}", request.kind());
                return;
            }
            int status = execute(request.text(), directory, variables, out);
            synchronized (out) {
                CommandProtocol.writeExit(out, status);
            }
        } catch (IOException e) {
            log.warn("Command channel client went away: {}", e.toString());
        }
    }

    /** Only GTach's own variables: a client must not be able to replace Gogo's, such as SCOPE. */
    private static void addVariable(String text, Map<String, String> variables) {
        int equals = text.indexOf('=');
        if (equals > 0 && text.startsWith("gtach.")) {
            variables.put(text.substring(0, equals), text.substring(equals + 1));
        }
    }

    private int execute(String line, Path directory, Map<String, String> variables, DataOutputStream socket) {
        PrintStream out = new PrintStream(new FrameOutputStream(socket, CommandProtocol.OUT), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FrameOutputStream(socket, CommandProtocol.ERR), true, StandardCharsets.UTF_8);
        try (CommandSession session = processor.createSession(InputStream.nullInputStream(), out, err)) {
            if (directory != null && directory.isAbsolute()) {
                session.currentDir(directory);
            }
            // Without a scope order Gogo picks among same-named commands by hash order: install,
            // update and uninstall keep their OSGi meaning; GTach's are typed gtach:install and so on.
            session.put("SCOPE", SCOPE);
            variables.forEach((name, value) -> session.put(name, Boolean.parseBoolean(value)));
            Object result = session.execute(line);
            String text = result == null ? "" : session.format(result, Converter.INSPECT).toString();
            if (!text.isEmpty()) {
                // Tables end with a line break of their own; do not add a blank line after them.
                out.print(text.endsWith("\n") ? text : text + System.lineSeparator());
            }
            return 0;
        } catch (Exception e) {
            err.println(FailureMessage.of(e, line));
            if ("true".equals(variables.get(CommandProtocol.VERBOSE))) {
                e.printStackTrace(err);
            }
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
