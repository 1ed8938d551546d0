package gtach.provisioning.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds small real bundle JARs (manifest only) for the scenarios the tests play. */
final class TestBundles {

    private final Map<String, String> headers = new LinkedHashMap<>();

    private TestBundles(String symbolicName, String version) {
        headers.put("Bundle-ManifestVersion", "2");
        headers.put("Bundle-SymbolicName", symbolicName);
        headers.put("Bundle-Version", version);
    }

    static TestBundles bundle(String symbolicName, String version) {
        return new TestBundles(symbolicName, version);
    }

    TestBundles header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    TestBundles exports(String packages) {
        return header("Export-Package", packages);
    }

    TestBundles imports(String packages) {
        return header("Import-Package", packages);
    }

    byte[] bytes() {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((name, value) -> main.put(new Attributes.Name(name), value));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    Path writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(headers.get("Bundle-SymbolicName") + "-" + headers.get("Bundle-Version") + ".jar");
        Files.write(file, bytes());
        return file;
    }
}
