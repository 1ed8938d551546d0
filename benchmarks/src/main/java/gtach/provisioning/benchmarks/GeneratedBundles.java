package gtach.provisioning.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The bundles of the generated benchmark repository: realistic manifests with a few exports and
 * imports each. Package {@code i} is version {@code 1.<i%10>.0} of {@code gtach.gen.p<i/10>}, so
 * there are ten versions of each name; it exports three packages and imports up to four from other
 * names, in one of two {@link Imports patterns}.
 */
final class GeneratedBundles {

    static final int VERSIONS_PER_NAME = 10;
    private static final int[] LAYER_DIVISORS = {2, 3, 5, 7};

    /** Which other names a name imports from. */
    enum Imports {
        /**
         * Four names spread over the whole repository ({@code (n + k * 7919) % names}): with 1,000
         * or 10,000 names every name reaches every other through its imports, so resolving one
         * would resolve them all. For finding providers, where only the spread matters.
         */
        SPREAD,
        /**
         * The names {@code n/2}, {@code n/3}, {@code n/5} and {@code n/7} (integer division, itself
         * left out): each name depends only on lower ones, as an application stands on a stack of
         * libraries, and resolving one name brings in a few dozen others. For planning, where the
         * resolver must do a realistic amount of work.
         */
        LAYERED
    }

    private GeneratedBundles() {
    }

    static String symbolicName(int i) {
        return "gtach.gen.p" + (i / VERSIONS_PER_NAME);
    }

    static String version(int i) {
        return "1." + (i % VERSIONS_PER_NAME) + ".0";
    }

    static Manifest manifest(int i, int count) {
        return manifest(i, count, Imports.SPREAD);
    }

    static Manifest manifest(int i, int count, Imports pattern) {
        int names = Math.max(1, count / VERSIONS_PER_NAME);
        String name = symbolicName(i);
        String version = version(i);
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", name);
        main.putValue("Bundle-Version", version);
        main.putValue("Bundle-Name", "Generated package " + (i / VERSIONS_PER_NAME));
        main.putValue("Bundle-Description", "Generated bundle number " + i + " of the repository benchmark");
        main.putValue("Export-Package", name + ".api;version=" + version + ";uses:=\"" + name + ".spi\","
                + name + ".spi;version=" + version + "," + name + ".util;version=" + version);
        int n = i / VERSIONS_PER_NAME;
        Set<String> imports = new LinkedHashSet<>();
        for (int k = 1; k <= 4; k++) {
            int other = pattern == Imports.SPREAD ? (n + k * 7919) % names : n / LAYER_DIVISORS[k - 1];
            if (pattern == Imports.LAYERED && other == n) {
                continue;
            }
            imports.add("gtach.gen.p" + other + (k % 2 == 0 ? ".api" : ".util") + ";version=\"[1.0,2)\"");
        }
        if (!imports.isEmpty()) {
            main.putValue("Import-Package", String.join(",", imports));
        }
        return manifest;
    }

    static byte[] jar(Manifest manifest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
