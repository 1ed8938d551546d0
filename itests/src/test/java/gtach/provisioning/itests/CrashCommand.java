package gtach.provisioning.itests;

import gtach.provisioning.itests.GtachProcess.Result;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code gtach.jar cmd} running in the background, its output read line by line as it comes, so
 * that the runtime can be killed while the command runs. Gogo gives a command's thread the
 * command's own output stream, so what the update service prints while it works arrives here.
 */
final class CrashCommand {

    private final Process client;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private CrashCommand(Process client) {
        this.client = client;
        this.reader = new Thread(this::read, "crash-command-output");
        reader.setDaemon(true);
        reader.start();
    }

    static CrashCommand send(Path home, String line) throws IOException {
        return new CrashCommand(new ProcessBuilder(GtachProcess.java(), "-Dgtach.home=" + home, "-jar",
                GtachProcess.jar().toString(), "cmd", line).redirectErrorStream(true).start());
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines printed so far. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Whether the client has exited and all of its output has been read. */
    boolean done() {
        return !client.isAlive() && !reader.isAlive();
    }

    /** Waits for the client to exit (it does at once when the runtime dies) and answers its status and output. */
    Result await() throws InterruptedException {
        if (!client.waitFor(60, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new AssertionError("gtach.jar cmd did not finish within 60 s; it printed " + lines());
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return new Result(client.exitValue(), String.join(System.lineSeparator(), lines()));
    }
}
