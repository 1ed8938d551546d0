package gtach.provisioning.version.internal;

import gtach.provisioning.version.ChangeKind;
import gtach.provisioning.version.SemanticRange;
import gtach.provisioning.version.SemanticVersion;
import gtach.provisioning.version.VersionService;
import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Component;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** The value types of the API, offered as a service. */
@Component(service = VersionService.class)
public final class SemanticVersionService implements VersionService {

    @Override
    public SemanticVersion parse(String text) {
        return SemanticVersion.parse(text);
    }

    @Override
    public SemanticRange parseRange(String text) {
        return SemanticRange.parse(text);
    }

    @Override
    public ChangeKind classify(SemanticVersion from, SemanticVersion to) {
        return ChangeKind.between(from, to);
    }

    @Override
    public Optional<SemanticVersion> latest(Collection<SemanticVersion> candidates, SemanticRange range,
            boolean includePreReleases) {
        return candidates.stream()
                .filter(v -> range.includes(v, includePreReleases))
                .max(Comparator.naturalOrder());
    }

    @Override
    public Optional<SemanticVersion> versionOf(Bundle bundle) {
        return SemanticVersion.tryFromOsgiVersion(bundle.getVersion());
    }
}
