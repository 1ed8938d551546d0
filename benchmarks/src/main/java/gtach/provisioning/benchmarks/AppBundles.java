package gtach.provisioning.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * The application bundles of one hot-update scenario, written as manifest-only JARs so that the
 * measurements are about framework and provisioning work, not class loading:
 * <ul>
 * <li>{@code leaf}: {@code bench.leaf} 1.0.0 and 1.1.0, which nothing is wired to;</li>
 * <li>{@code library<N>}: {@code bench.lib} 1.0.0 and 1.1.0, exporting package {@code bench.lib}
 * at its own version, and N dependents {@code bench.dep.<i>} 1.0.0 importing
 * {@code bench.lib;version="[1,2)"}.</li>
 * <li>{@code example}: the example application as it is built, with its classes and DS components:
 * {@code gtach.example.tach} 1.0.0 and 1.1.0, and {@code gtach.example.display} 1.0.0 reading it
 * once a second.</li>
 * </ul>
 *
 * @param updated the symbolic name that is updated and rolled back
 * @param oldJar its version 1.0.0
 * @param newJar its version 1.1.0
 * @param dependents the JARs of the bundles wired to it, none for a leaf
 * @param dependentNames their symbolic names, in the same order
 */
record AppBundles(String updated, Path oldJar, Path newJar, List<Path> dependents, List<String> dependentNames) {

    static final String OLD_VERSION = "1.0.0";
    static final String NEW_VERSION = "1.1.0";

    /**
     * Writes the JARs of a scenario ({@code leaf}, {@code library10}, {@code library100}) into a
     * directory, or copies those of the example application ({@code example}) there.
     */
    static AppBundles generate(String scenario, Path dir, Path examplePackages) throws IOException {
        Files.createDirectories(dir);
        if (scenario.equals("leaf")) {
            return new AppBundles("bench.leaf", write(dir, leaf(OLD_VERSION)), write(dir, leaf(NEW_VERSION)), List.of(),
                    List.of());
        }
        if (scenario.equals("example")) {
            return new AppBundles("gtach.example.tach", copy(examplePackages, "example-tach-1.0.0.jar", dir),
                    copy(examplePackages, "example-tach-1.1.0.jar", dir),
                    List.of(copy(examplePackages, "example-display-1.0.0.jar", dir)), List.of("gtach.example.display"));
        }
        if (!scenario.startsWith("library")) {
            throw new IllegalArgumentException("Unknown scenario " + scenario);
        }
        int count = Integer.parseInt(scenario.substring("library".length()));
        List<Path> dependents = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            dependents.add(write(dir, dependent(i)));
            names.add(dependentName(i));
        }
        return new AppBundles("bench.lib", write(dir, library(OLD_VERSION)), write(dir, library(NEW_VERSION)), dependents,
                names);
    }

    /** Every symbolic name of the scenario, the updated bundle first. */
    List<String> symbolicNames() {
        List<String> names = new ArrayList<>();
        names.add(updated);
        names.addAll(dependentNames);
        return names;
    }

    private static Path copy(Path packages, String jar, Path dir) throws IOException {
        Path source = packages.resolve(jar);
        if (!Files.isRegularFile(source)) {
            throw new IllegalStateException("No example package " + source + "; build bundles/examples first");
        }
        return Files.copy(source, dir.resolve(jar));
    }

    static String dependentName(int i) {
        return "bench.dep." + i;
    }

    private static Manifest library(String version) {
        Manifest manifest = base("bench.lib", version, "Library with dependents");
        manifest.getMainAttributes().putValue("Export-Package", "bench.lib;version=" + version);
        return manifest;
    }

    private static Manifest dependent(int i) {
        Manifest manifest = base(dependentName(i), OLD_VERSION, "Dependent " + i + " of the library");
        manifest.getMainAttributes().putValue("Import-Package", "bench.lib;version=\"[1,2)\"");
        return manifest;
    }

    private static Manifest leaf(String version) {
        return base("bench.leaf", version, "Leaf nothing is wired to");
    }

    private static Manifest base(String symbolicName, String version, String description) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        main.putValue("Bundle-Name", symbolicName);
        main.putValue("Bundle-Description", description + " (hot update benchmark)");
        return manifest;
    }

    private static Path write(Path dir, Manifest manifest) throws IOException {
        Attributes main = manifest.getMainAttributes();
        Path jar = dir.resolve(main.getValue("Bundle-SymbolicName") + "-" + main.getValue("Bundle-Version") + ".jar");
        Files.write(jar, GeneratedBundles.jar(manifest));
        return jar;
    }
}
