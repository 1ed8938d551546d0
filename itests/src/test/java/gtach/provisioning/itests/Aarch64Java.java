package gtach.provisioning.itests;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Debian's arm64 Java 17 ({@code openjdk-17-jre-headless:arm64}) run by qemu-user on this machine,
 * as a Raspberry Pi runs it: the JVM, the class library and every native library it loads are the
 * aarch64 ones. qemu-aarch64 is called explicitly, so that no binfmt registration is needed.
 */
final class Aarch64Java {

    /** Where Debian's openjdk-17-jre-headless:arm64 puts its java, beside the amd64 one (multiarch). */
    static final Path JAVA = Path.of("/usr/lib/jvm/java-17-openjdk-arm64/bin/java");
    /** Where Debian's qemu-user puts the aarch64 user-mode emulator. */
    static final Path QEMU = Path.of("/usr/bin/qemu-aarch64");
    /** What {@code os.arch} is on such a JVM. */
    static final String ARCH = "aarch64";

    private Aarch64Java() {
    }

    /**
     * Fails the test (under CI, {@code CI=true}) or skips it (elsewhere) when qemu-aarch64 or the
     * arm64 Java is missing: .ci/run installs both.
     */
    static void requireInstalled() {
        for (Path needed : new Path[] {QEMU, JAVA}) {
            if (!Files.isExecutable(needed)) {
                String message = needed + " is missing; .ci/run installs it, or run dpkg --add-architecture arm64 && apt-get update"
                        + " && apt-get install qemu-user openjdk-17-jre-headless:arm64.";
                if ("true".equals(System.getenv("CI"))) {
                    throw new AssertionError(message);
                }
                Assumptions.assumeTrue(false, message);
            }
        }
    }

    /** The command that runs the arm64 java: qemu-aarch64 and the JVM's path, to which Java's arguments are added. */
    static List<String> command() {
        return List.of(QEMU.toString(), JAVA.toString());
    }

    /**
     * Writes {@code <directory>/java}, a script that runs the arm64 java under qemu-aarch64 with the
     * arguments it is given, and answers its path: with the directory first on the PATH, {@code java}
     * is the aarch64 JVM. Its JVMs are short-lived command clients, so they interpret bytecode
     * ({@code -Xint}): under emulation that answers in about half the time a JIT compiling for them takes.
     */
    static Path clientLauncherIn(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path launcher = directory.resolve("java");
        Files.writeString(launcher, "#!/bin/sh\nexec " + QEMU + " " + JAVA + " -Xint \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return launcher;
    }
}
