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

    /** How typed versions and ranges are read; {@code gtach:help} ends with it, as the README states it. */
    static final String VERSIONS = String.join(System.lineSeparator(),
            "Versions: a version you type means exactly that version, in OSGi form (1.2, 1.4.1.202109301733) or",
            "SemVer form (1.2.3-rc.1), with no leading zeros and no spaces. A range is '[1.2,2)' (quoted), ^1.2,",
            "~1.2.0 or 1.2.x; a range no version fits, such as [2,1], is refused. gtach:update <name> without a",
            "range takes the newest version of the installed major version; --major allows a higher one.",
            "Pre-releases (1.2.3-rc.1, SNAPSHOT) need --pre, except the version installed: gtach:update <name>",
            "brings in a rebuild of an installed 1.0.0-SNAPSHOT without it. Versions stamped as releases (a",
            "timestamp such as 202109301733, RELEASE, Final, GA) are releases.") + System.lineSeparator();

    private HelpText() {
    }
}
