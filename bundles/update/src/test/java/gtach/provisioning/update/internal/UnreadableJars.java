package gtach.provisioning.update.internal;

import gtach.provisioning.version.CompatibilityChecker;
import gtach.provisioning.version.CompatibilityReport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.Manifest;

/** The version bundle's checker when it cannot read the candidate: the planner checks the wires itself. */
final class UnreadableJars implements CompatibilityChecker {

    @Override
    public CompatibilityReport check(Path jar) throws IOException {
        throw new IOException("no JAR behind " + jar);
    }

    @Override
    public CompatibilityReport check(Manifest manifest) {
        throw new IllegalArgumentException("no manifest");
    }
}
