package gtach.provisioning.shell.internal;

import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.PackageRepository;

import java.lang.reflect.Proxy;
import java.util.List;

/** A repository holding some packages, answering the queries the shell makes; anything else is unsupported. */
final class FakeRepository {

    private FakeRepository() {
    }

    /** @param packages in the repository's order: by symbolic name, then version */
    static PackageRepository holding(List<PackageInfo> packages) {
        return (PackageRepository) Proxy.newProxyInstance(FakeRepository.class.getClassLoader(),
                new Class<?>[] {PackageRepository.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "list" -> packages;
                    case "search" -> packages.stream()
                            .filter(p -> p.id().symbolicName().contains((String) args[0])).toList();
                    case "versions" -> packages.stream().filter(p -> p.id().symbolicName().equals(args[0])).toList();
                    case "get" -> packages.stream().filter(p -> p.id().symbolicName().equals(args[0])
                            && p.id().version().toString().equals(args[1])).findFirst();
                    case "exporters" -> packages.stream()
                            .filter(p -> p.exports().stream().anyMatch(e -> e.name().equals(args[0]))).toList();
                    case "importers" -> packages.stream()
                            .filter(p -> p.imports().stream().anyMatch(i -> i.name().equals(args[0]))).toList();
                    case "gc" -> List.of();
                    case "whyAbsent" -> ((gtach.provisioning.repository.PackageId) args[0]).symbolicName().equals("quarantined.pkg")
                            ? java.util.Optional.of("quarantined.pkg 1.0.0 was quarantined on 2026-12-01 (bundle.jar does not match "
                                    + "its recorded sha256); gtach:add of the original JAR restores it.")
                            : java.util.Optional.empty();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
