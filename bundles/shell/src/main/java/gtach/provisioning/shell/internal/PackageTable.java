package gtach.provisioning.shell.internal;

import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.version.VersionText;

import java.util.List;

/** The table of {@code list}, {@code search} and {@code gc}: one stored package per row. */
final class PackageTable {

    private PackageTable() {
    }

    static String of(List<PackageInfo> packages, boolean colour) {
        if (packages.isEmpty()) {
            return "No packages." + System.lineSeparator();
        }
        Table table = new Table("NAME", "VERSION", "SIZE", "ADDED");
        for (PackageInfo info : packages) {
            table.row(info.id().symbolicName(), version(info), Sizes.human(info.size()),
                    info.added().toString().substring(0, 10));
        }
        return table.render(colour);
    }

    /**
     * The version as operators type it: SemVer where it has a SemVer reading ({@code 1.2.0-rc.1}), else OSGi,
     * as for a release stamped {@code 1.4.1.202109301733}.
     */
    static String version(PackageInfo info) {
        return VersionText.display(info.id().version());
    }
}
