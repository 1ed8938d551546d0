package gtach.provisioning.shell.internal;

/**
 * Pieces of the {@code @Descriptor} texts. Gogo's {@code help gtach:<command>} prints a method's
 * descriptor after "name - " and then indented "scope:", "flags:", ... lines; an example line in
 * the same shape reads as one more of them.
 */
final class HelpText {

    static final String EXAMPLE = "\n   example: ";
    static final String EXAMPLES = "\n   examples: ";
    /** The next line of {@link #EXAMPLES}, aligned under the first. */
    static final String OR = "\n             ";

    private HelpText() {
    }
}
