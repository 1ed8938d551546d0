package gtach.provisioning.update.internal;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether ERROR entries in the OSGi log fail a verification, and the bundles whose entries do not
 * (a bundle known to log an error it recovers from).
 *
 * @param enabled false to let logged errors pass altogether
 * @param ignoredBundles symbolic names whose logged errors never fail a verification
 */
record LogErrorRule(boolean enabled, Set<String> ignoredBundles) {

    static final LogErrorRule ON = new LogErrorRule(true, Set.of());

    LogErrorRule {
        ignoredBundles = Set.copyOf(ignoredBundles);
    }

    static LogErrorRule of(boolean enabled, String[] ignored) {
        return new LogErrorRule(enabled, ignored == null ? Set.of()
                : Arrays.stream(ignored).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet()));
    }

    boolean ignores(String symbolicName) {
        return ignoredBundles.contains(symbolicName);
    }
}
