package gtach.provisioning.repository.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/** A bundle JAR made for a test: a manifest and, optionally, one resource so content can differ. */
final class TestBundle {

    private final Map<String, String> headers = new LinkedHashMap<>();
    private String resourceText = "";

    private TestBundle() {
        headers.put("Bundle-ManifestVersion", "2");
    }

    static TestBundle named(String symbolicName, String version) {
        return new TestBundle().header("Bundle-SymbolicName", symbolicName).header("Bundle-Version", version);
    }

    static TestBundle withoutIdentity() {
        return new TestBundle();
    }

    TestBundle header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    TestBundle without(String name) {
        headers.remove(name);
        return this;
    }

    TestBundle exports(String value) {
        return header("Export-Package", value);
    }

    TestBundle imports(String value) {
        return header("Import-Package", value);
    }

    /** Makes the JAR's bytes, and so its SHA-256, differ from an otherwise equal bundle. */
    TestBundle content(String text) {
        this.resourceText = text;
        return this;
    }

    Path writeTo(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach(main::putValue);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            if (!resourceText.isEmpty()) {
                jar.putNextEntry(new ZipEntry("content.txt"));
                jar.write(resourceText.getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return file;
    }

    /** A real bundle from Maven Central, copied into the build directory by the pom. */
    static Path real(String fileName) {
        String directory = System.getProperty("gtach.test.bundles", "target/test-bundles");
        Path file = Path.of(directory, fileName);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Missing test bundle " + file + "; run the build through Maven.");
        }
        return file;
    }
}
