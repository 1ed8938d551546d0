package gtach.provisioning.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The groups the current process is a member of, which Java has no call for: Linux lists them in
 * {@code /proc/self/status}, elsewhere (macOS) {@code id -G} prints them.
 */
final class GroupMembership {

    private static final Path STATUS = Path.of("/proc/self/status");

    private GroupMembership() {
    }

    /**
     * The effective group and the supplementary groups of this process.
     *
     * @throws IOException when neither source can be read
     */
    static Set<GroupPrincipal> ofThisProcess(FileSystem fileSystem) throws IOException {
        List<String> ids = Files.isReadable(STATUS) ? fromStatus(Files.readAllLines(STATUS, StandardCharsets.UTF_8)) : fromId();
        UserPrincipalLookupService lookup = fileSystem.getUserPrincipalLookupService();
        Set<GroupPrincipal> groups = new HashSet<>();
        for (String id : ids) {
            // A number no group is named after is looked up as that gid.
            groups.add(lookup.lookupPrincipalByGroupName(id));
        }
        return groups;
    }

    /** The effective gid (second field of {@code Gid:}) and every gid of {@code Groups:}. */
    static List<String> fromStatus(List<String> status) {
        List<String> ids = new ArrayList<>();
        for (String line : status) {
            if (line.startsWith("Gid:")) {
                String[] fields = line.substring(4).strip().split("\\s+");
                if (fields.length > 1) {
                    ids.add(fields[1]);
                }
            } else if (line.startsWith("Groups:")) {
                for (String id : line.substring(7).strip().split("\\s+")) {
                    if (!id.isEmpty()) {
                        ids.add(id);
                    }
                }
            }
        }
        return ids;
    }

    private static List<String> fromId() throws IOException {
        Process id = new ProcessBuilder("/usr/bin/id", "-G").redirectErrorStream(true).start();
        String out = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!id.waitFor(10, TimeUnit.SECONDS) || id.exitValue() != 0) {
                id.destroyForcibly();
                throw new IOException("/usr/bin/id -G failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running /usr/bin/id -G", e);
        }
        return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
    }
}
