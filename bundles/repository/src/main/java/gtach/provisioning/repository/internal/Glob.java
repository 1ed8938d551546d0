package gtach.provisioning.repository.internal;

import java.util.regex.Pattern;

/** A name pattern: {@code *} matches any run of characters, {@code ?} one character, the rest itself. */
final class Glob {

    private final Pattern pattern;
    private final boolean everything;

    private Glob(Pattern pattern, boolean everything) {
        this.pattern = pattern;
        this.everything = everything;
    }

    static Glob of(String glob) {
        StringBuilder regex = new StringBuilder(glob.length() + 8);
        StringBuilder literal = new StringBuilder();
        boolean onlyStars = !glob.isEmpty();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                appendLiteral(regex, literal);
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
            onlyStars &= c == '*';
        }
        appendLiteral(regex, literal);
        return new Glob(Pattern.compile(regex.toString(), Pattern.DOTALL), onlyStars);
    }

    boolean matches(String name) {
        return everything || pattern.matcher(name).matches();
    }

    private static void appendLiteral(StringBuilder regex, StringBuilder literal) {
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }
}
