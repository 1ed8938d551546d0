package gtach.provisioning.console.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * Passes a command's error stream on line by line, rewriting the lines that report a failure
 * into one sentence and remembering that one was seen, so the exit status can say so.
 */
final class FailureFilter extends OutputStream {

    private final OutputStream target;
    private final Function<String, Optional<String>> rewrite;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private volatile boolean failed;

    FailureFilter(OutputStream target, Function<String, Optional<String>> rewrite) {
        this.target = target;
        this.rewrite = rewrite;
    }

    boolean failed() {
        return failed;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            emitLine();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    /** A partial line waits for its end, so that it can still be recognised whole. */
    @Override
    public synchronized void flush() throws IOException {
        target.flush();
    }

    /** Sends what is left, even without a line break. */
    @Override
    public synchronized void close() throws IOException {
        if (line.size() > 0) {
            emitLine();
        }
        target.flush();
    }

    private void emitLine() throws IOException {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        String ending = text.endsWith("\r\n") ? "\r\n" : text.endsWith("\n") ? "\n" : "";
        Optional<String> sentence = rewrite.apply(text.substring(0, text.length() - ending.length()));
        if (sentence.isPresent()) {
            failed = true;
            target.write((sentence.get() + (ending.isEmpty() ? System.lineSeparator() : ending)).getBytes(StandardCharsets.UTF_8));
        } else {
            target.write(text.getBytes(StandardCharsets.UTF_8));
        }
        target.flush();
    }
}
