package gtach.provisioning.version.internal;

import gtach.provisioning.version.ChangeKind;
import gtach.provisioning.version.CompatibilityChecker;
import gtach.provisioning.version.CompatibilityReport;
import gtach.provisioning.version.LostWire;
import gtach.provisioning.version.SemanticVersion;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Manifest;

/** Checks candidates against the live wiring of the framework this bundle runs in. */
@Component(service = CompatibilityChecker.class)
public final class FrameworkCompatibilityChecker implements CompatibilityChecker {

    private final BundleContext context;

    @Activate
    public FrameworkCompatibilityChecker(BundleContext context) {
        this.context = context;
    }

    @Override
    public CompatibilityReport check(Path jar) throws IOException {
        return check(CandidateBundle.read(jar));
    }

    @Override
    public CompatibilityReport check(Manifest manifest) {
        return check(CandidateBundle.of(manifest, "the given manifest"));
    }

    private CompatibilityReport check(CandidateBundle candidate) {
        // With several versions installed side by side, a replacement targets the newest.
        Optional<Bundle> replaced = Arrays.stream(context.getBundles())
                .filter(b -> candidate.symbolicName().equals(b.getSymbolicName()))
                .max(Comparator.comparing(Bundle::getVersion));
        if (replaced.isEmpty()) {
            return new CompatibilityReport(candidate.symbolicName(), candidate.version(), Optional.empty(),
                    ChangeKind.NONE, List.of());
        }
        Bundle installed = replaced.get();
        return new CompatibilityReport(candidate.symbolicName(), candidate.version(),
                Optional.of(installed.getVersion()), classify(installed.getVersion(), candidate.version()),
                lostWires(installed, candidate));
    }

    private static List<LostWire> lostWires(Bundle installed, CandidateBundle candidate) {
        BundleWiring wiring = installed.adapt(BundleWiring.class);
        if (wiring == null) {
            return List.of();
        }
        Set<LostWire> lost = new LinkedHashSet<>();
        for (BundleWire wire : wiring.getProvidedWires(null)) {
            Bundle consumer = wire.getRequirer().getBundle();
            if (consumer.equals(installed)) {
                // A bundle importing its own export would import from the candidate itself.
                continue;
            }
            WireCheck check = new WireCheck(wire.getRequirement(), candidate);
            if (!check.satisfied()) {
                lost.add(new LostWire(consumer.getBundleId(), consumer.getSymbolicName(), consumer.getVersion(),
                        wire.getRequirement().getNamespace(), RequirementText.of(consumer, wire.getRequirement()),
                        check.offered()));
            }
        }
        List<LostWire> sorted = new ArrayList<>(lost);
        sorted.sort(Comparator.comparingLong(LostWire::consumerId));
        return sorted;
    }

    static ChangeKind classify(Version from, Version to) {
        Optional<SemanticVersion> semanticFrom = SemanticVersion.tryFromOsgiVersion(from);
        Optional<SemanticVersion> semanticTo = SemanticVersion.tryFromOsgiVersion(to);
        if (semanticFrom.isPresent() && semanticTo.isPresent()) {
            return ChangeKind.between(semanticFrom.get(), semanticTo.get());
        }
        return ChangeKind.between(from, to);
    }
}
