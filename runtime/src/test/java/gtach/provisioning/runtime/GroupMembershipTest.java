package gtach.provisioning.runtime;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GroupMembershipTest {

    @Test
    void effectiveAndSupplementaryGroupsAreReadFromProcStatus() {
        List<String> status = List.of("Name:\tjava", "Uid:\t1000\t1000\t1000\t1000", "Gid:\t1000\t1001\t1000\t1000",
                "FDSize:\t256", "Groups:\t4 27 1000 ");

        assertThat(GroupMembership.fromStatus(status)).containsExactly("1001", "4", "27", "1000");
    }

    @Test
    void noSupplementaryGroupsLeavesTheEffectiveOne() {
        assertThat(GroupMembership.fromStatus(List.of("Gid:\t0\t0\t0\t0", "Groups:\t "))).containsExactly("0");
    }

    @Test
    void thisProcessIsAMemberOfTheGroupOfTheFilesItCreates() throws IOException {
        Path file = Files.createTempFile("gtach-groups", ".txt");
        try {
            assertThat(GroupMembership.ofThisProcess(FileSystems.getDefault()))
                    .contains(Files.readAttributes(file, PosixFileAttributes.class).group());
        } finally {
            Files.delete(file);
        }
    }
}
