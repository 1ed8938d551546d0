package gtach.provisioning.update.internal;

/**
 * Whether a file holds one whole JSON object: braces and brackets balanced outside strings, nothing
 * after the last. Not a parser: it runs at every boot on the current generation file, where waking
 * Jackson's data binding would cost about half a second, and it is enough to tell a cut-short file
 * from a whole one. The full, strict read happens when the generation is first used.
 */
final class WholeJson {

    private WholeJson() {
    }

    /** @throws StateFormat.Malformed naming where the content stops being one whole object */
    static void check(byte[] json) throws StateFormat.Malformed {
        int depth = 0;
        int line = 1;
        int lastLine = 1;
        boolean inString = false;
        boolean escaped = false;
        boolean closed = false;
        for (byte b : json) {
            if (b == '\n') {
                line++;
            }
            if (inString) {
                lastLine = line;
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
                continue;
            }
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                continue;
            }
            lastLine = line;
            if (closed || (depth == 0 && b != '{')) {
                throw new StateFormat.Malformed("not one JSON object: something other than white space at line " + line);
            }
            if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                depth--;
                closed = depth == 0;
            }
        }
        if (!closed) {
            throw new StateFormat.Malformed("truncated JSON at line " + lastLine);
        }
    }
}
