package gtach.provisioning.console.internal;

import gtach.provisioning.console.CommandProtocol;
import gtach.provisioning.console.CommandProtocol.Frame;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.BundleContext;
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
import java.util.Optional;

/** One client: reads a command line, runs it in a fresh Gogo session, streams output and status back. */
final class CommandConnection implements Runnable {

    /** The order in which unscoped command names are looked up; the same as the runtime's console profile. */
    static final String SCOPE = "felix:gogo:gtach:*";

    private final SocketChannel channel;
    private final CommandProcessor processor;
    private final BundleContext context;
    private final Logger log;

    CommandConnection(SocketChannel channel, CommandProcessor processor, BundleContext context, Logger log) {
        this.channel = channel;
        this.processor = processor;
        this.context = context;
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
        Optional<CommandOwner> owner = CommandOwner.of(context, line);
        String command = line.strip().split("\\s+", 2)[0];
        PrintStream out = new PrintStream(new FrameOutputStream(socket, CommandProtocol.OUT), true, StandardCharsets.UTF_8);
        FailureFilter errFilter = new FailureFilter(new FrameOutputStream(socket, CommandProtocol.ERR),
                text -> ReportedFailure.sentence(text, command, owner));
        PrintStream err = new PrintStream(errFilter, true, StandardCharsets.UTF_8);
        // GTach's own sentences and stack traces go around the filter: they are not reports to rewrite.
        PrintStream verdict = new PrintStream(new FrameOutputStream(socket, CommandProtocol.ERR), true, StandardCharsets.UTF_8);
        try (CommandSession session = processor.createSession(InputStream.nullInputStream(), out, err)) {
            if (directory != null && directory.isAbsolute()) {
                session.currentDir(directory);
            }
            // Without a scope order Gogo picks among same-named commands by hash order: install,
            // update and uninstall keep their OSGi meaning; GTach's are typed gtach:install and so on.
            session.put("SCOPE", SCOPE);
            variables.forEach((name, value) -> session.put(name, Boolean.parseBoolean(value)));
            Object result = session.execute(line);
            if (result instanceof Throwable thrown) {
                throw new ReturnedFailure(thrown);
            }
            String text = result == null ? "" : session.format(result, Converter.INSPECT).toString();
            boolean reported = printResult(text, command, owner, out, err);
            err.close();
            return reported || errFilter.failed() ? 1 : 0;
        } catch (Exception e) {
            Throwable failure = e instanceof ReturnedFailure returned ? returned.getCause() : e;
            err.close();
            verdict.println(FailureMessage.of(failure, line, owner));
            if ("true".equals(variables.get(CommandProtocol.VERBOSE))) {
                failure.printStackTrace(verdict);
            }
            return 1;
        } finally {
            out.flush();
            verdict.flush();
        }
    }

    /**
     * Prints what the command returned; a failure that another bundle's command returned as text
     * goes to the error stream as one sentence. GTach's own commands throw instead, and their
     * output (such as log entries with stack traces) is never read as a failure.
     *
     * @return whether the result reported a failure
     */
    private static boolean printResult(String text, String command, Optional<CommandOwner> owner, PrintStream out,
            PrintStream err) {
        if (text.isEmpty()) {
            return false;
        }
        boolean foreign = owner.map(o -> !o.isGtach()).orElse(false);
        boolean reported = false;
        StringBuilder kept = new StringBuilder();
        for (String resultLine : text.split("\\R", -1)) {
            Optional<String> sentence = foreign ? ReportedFailure.sentence(resultLine, command, owner) : Optional.empty();
            if (sentence.isPresent()) {
                err.println(sentence.get());
                reported = true;
            } else {
                kept.append(resultLine).append(System.lineSeparator());
            }
        }
        String shown = kept.toString().strip().isEmpty() ? "" : text;
        if (reported && !shown.isEmpty()) {
            shown = kept.toString().stripTrailing() + System.lineSeparator();
        }
        if (!shown.isEmpty()) {
            // Tables end with a line break of their own; do not add a blank line after them.
            out.print(shown.endsWith("\n") ? shown : shown + System.lineSeparator());
        }
        return reported;
    }

    /** A command that returned an exception instead of throwing it failed all the same. */
    private static final class ReturnedFailure extends Exception {
        private static final long serialVersionUID = 1L;

        ReturnedFailure(Throwable failure) {
            super(failure);
        }
    }
}
