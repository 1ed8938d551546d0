package gtach.provisioning.shell.internal;

/** The few ANSI styles the commands use, and only when {@link TerminalColour} allows it. */
enum Style {
    BOLD("1"), GREEN("32"), YELLOW("33"), RED("31");

    private static final String ESCAPE = "\u001B[";
    private static final String RESET = ESCAPE + "0m";

    private final String code;

    Style(String code) {
        this.code = code;
    }

    String apply(String text) {
        return ESCAPE + code + "m" + text + RESET;
    }

    /** The text in this style when colour is on, else as it is. */
    String apply(String text, boolean colour) {
        return colour && !text.isEmpty() ? apply(text) : text;
    }

    /** A table cell or a word shown in this style on a colour terminal, plain elsewhere. */
    Styled on(Object text) {
        return new Styled(String.valueOf(text), this);
    }

    /** Text with the style it has on a colour terminal. */
    record Styled(String text, Style style) {

        String render(boolean colour) {
            return style.apply(text, colour);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
