package gtach.provisioning.shell.internal;

import gtach.provisioning.repository.ExportedPackage;
import gtach.provisioning.repository.ImportedPackage;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.PackageRepository;

import java.util.List;

/** Who else in the repository exports, imports or provides the packages of one stored package, for {@code info}. */
final class PackageNeighbours {

    private final PackageRepository repository;
    private final PackageInfo self;

    PackageNeighbours(PackageRepository repository, PackageInfo self) {
        this.repository = repository;
        this.self = self;
    }

    List<PackageInfo> alsoExporting(ExportedPackage export) {
        return others(repository.exporters(export.name()));
    }

    List<PackageInfo> importing(ExportedPackage export) {
        return others(repository.importers(export.name()));
    }

    /** The stored packages whose export the import accepts, this one included: a bundle may import what it exports. */
    List<PackageInfo> providing(ImportedPackage imported) {
        return repository.exporters(imported.name()).stream()
                .filter(p -> p.exports().stream().anyMatch(e -> e.name().equals(imported.name())
                        && imported.range().includes(e.version())))
                .toList();
    }

    private List<PackageInfo> others(List<PackageInfo> packages) {
        return packages.stream().filter(p -> !p.id().equals(self.id())).toList();
    }
}
