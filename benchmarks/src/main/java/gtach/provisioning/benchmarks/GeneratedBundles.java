package gtach.provisioning.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The bundles of the generated benchmark repository: realistic manifests with a few exports and
 * imports each. Package {@code i} is version {@code 1.<i%10>.0} of {@code gtach.gen.p<i/10>}, so
 * there are ten versions of each name; it exports three packages and imports four from other names.
 */
final class GeneratedBundles {

    static final int VERSIONS_PER_NAME = 10;

    private GeneratedBundles() {
    }

    static String symbolicName(int i) {
        return "gtach.gen.p" + (i / VERSIONS_PER_NAME);
    }

    static String version(int i) {
        return "1." + (i % VERSIONS_PER_NAME) + ".0";
    }

    static Manifest manifest(int i, int count) {
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
        StringBuilder imports = new StringBuilder();
        for (int k = 1; k <= 4; k++) {
            int other = (i / VERSIONS_PER_NAME + k * 7919) % names;
            imports.append(imports.length() == 0 ? "" : ",")
                    .append("gtach.gen.p").append(other).append(k % 2 == 0 ? ".api" : ".util")
                    .append(";version=\"[1.0,2)\"");
        }
        main.putValue("Import-Package", imports.toString());
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
