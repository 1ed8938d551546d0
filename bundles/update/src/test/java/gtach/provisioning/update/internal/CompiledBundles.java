package gtach.provisioning.update.internal;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Real bundles with classes for the tests that read them: Java sources compiled with the JDK's compiler
 * against the test class path and earlier bundles, written as a JAR with a bundle manifest.
 */
final class CompiledBundles {

    private final Path dir;

    CompiledBundles(Path dir) {
        this.dir = dir;
    }

    /**
     * @param headers further manifest headers, such as {@code Export-Package} and {@code Import-Package}
     * @param sources each class's source by its fully qualified name
     * @param against bundles the sources are compiled against
     */
    Path bundle(String symbolicName, String version, Map<String, String> headers, Map<String, String> sources,
            Path... against) throws IOException {
        String name = symbolicName + "-" + version;
        Path src = Files.createDirectories(dir.resolve(name + "-src"));
        Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17", "-nowarn",
                "-cp", classPath(against)));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            arguments.add(file.toString());
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        if (compiler.run(null, null, errors, arguments.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("The sources of " + name + " do not compile: " + errors);
        }
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        headers.forEach(main::putValue);
        Path jar = dir.resolve(name + ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path c : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(c));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static String classPath(Path... against) {
        List<String> entries = new ArrayList<>(List.of(System.getProperty("java.class.path")));
        for (Path jar : against) {
            entries.add(jar.toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }
}
