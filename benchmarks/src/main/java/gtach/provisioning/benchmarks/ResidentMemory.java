package gtach.provisioning.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The resident set size of a process, from Linux's /proc. */
final class ResidentMemory {

    private ResidentMemory() {
    }

    static long kilobytesOf(long pid) throws IOException {
        return field(pid, "VmRSS:");
    }

    /**
     * The anonymous part of the resident set (RssAnon): heap, metaspace, code, stacks; what is left
     * of VmRSS is file pages (the JVM's libraries, a class-data sharing archive), which the kernel
     * can drop and read again, and shares between processes.
     */
    static long anonymousKilobytesOf(long pid) throws IOException {
        return field(pid, "RssAnon:");
    }

    private static long field(long pid, String name) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("No " + name + " for process " + pid);
    }
}
