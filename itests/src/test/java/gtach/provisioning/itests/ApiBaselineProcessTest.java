package gtach.provisioning.itests;

import gtach.provisioning.itests.GtachProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API baseline as an operator meets it in {@code gtach.jar}: a tachometer 1.3.0 that still exports its
 * package in the 1.x range but removed a method the installed display calls is refused by {@code gtach:plan} and
 * {@code gtach:update} before anything changes; {@code --no-baseline} lets that one request through, and the
 * history records it. The comparison is made when the tachometer 1.3.0 is stored, and kept across a restart. The
 * bundles have real classes, compiled here.
 */
class ApiBaselineProcessTest {

    private static final String TACH = "gate.tach";
    private static final String DISPLAY = "gate.display";

    @TempDir
    Path temp;

    @Test
    void aRemovedMethodTheDisplayCallsIsRefusedUntilNoBaselineIsGiven() throws Exception {
        Path home = temp.resolve("home");
        Path oldTach = compile(TACH, "1.0.0", "Export-Package", TACH + ";version=1.0.0", TACH + ".Tachometer", """
                package gate.tach;
                public class Tachometer {
                    public int rpm() { return 0; }
                    public int max() { return 8000; }
                }
                """);
        Path newTach = compile(TACH, "1.3.0", "Export-Package", TACH + ";version=1.3.0", TACH + ".Tachometer", """
                package gate.tach;
                public class Tachometer {
                    public int max() { return 8000; }
                }
                """);
        Path display = compile(DISPLAY, "1.0.0", "Import-Package", TACH + ";version=\"[1.0,2)\"", DISPLAY + ".Reader", """
                package gate.display;
                public class Reader {
                    int read(gate.tach.Tachometer tachometer) { return tachometer.rpm(); }
                }
                """, oldTach);

        Path kept = home.resolve("cache/api-baseline");
        try (GtachProcess runtime = GtachProcess.start(home)) {
            // Given the display runs on the tachometer 1.0.0, and the tachometer 1.3.0 is stored
            runtime.ok("gtach:add " + oldTach);
            runtime.ok("gtach:add " + display);
            assertThat(runtime.ok("gtach:install " + DISPLAY)).contains("Generation 1 is running");
            runtime.ok("gtach:add " + newTach);
            // which the update service compares with the installed one on a thread of its own, and keeps
            for (int i = 0; i < 600 && keptComparisons(kept) == 0; i++) {
                Thread.sleep(100);
            }
            assertThat(keptComparisons(kept)).isEqualTo(1);
            assertThat(runtime.stop()).isZero();
        }

        // and the runtime has restarted since
        try (GtachProcess runtime = GtachProcess.start(home)) {

            // When the tachometer is updated: the plan and the update are refused, naming the method and the display
            String refusal = "Cannot update gate.tach: gate.tach 1.3.0 exports gate.tach 1.3.0 but removed Tachometer.rpm(), "
                    + "which gate.display 1.0.0 uses; a change like this needs version 2.0.0; nothing was changed.";
            Result plan = runtime.cmd("gtach:plan update " + TACH);
            assertThat(plan.status()).as(plan.out()).isEqualTo(1);
            assertThat(plan.out()).contains(refusal);
            Result update = runtime.cmd("gtach:update " + TACH);
            assertThat(update.status()).as(update.out()).isEqualTo(1);
            assertThat(update.out()).contains(refusal);
            // and nothing changed
            assertThat(runtime.ok("gtach:status")).containsPattern("gate\\.tach +1\\.0\\.0 ").contains("Generation 1 ");

            // When the operator skips the baseline for this request, it goes ahead and the history says so
            assertThat(runtime.ok("gtach:plan --no-baseline update " + TACH)).containsPattern("update +gate\\.tach +1\\.0\\.0 +1\\.3\\.0");
            assertThat(runtime.ok("gtach:update --no-baseline " + TACH))
                    .contains("Generation 2 is running: update gate.tach --no-baseline.");
            assertThat(runtime.ok("gtach:status")).containsPattern("gate\\.tach +1\\.3\\.0 ");
            assertThat(runtime.ok("gtach:history")).contains("update gate.tach --no-baseline");
            assertThat(runtime.stop()).isZero();
        }
    }

    private static long keptComparisons(Path kept) throws IOException {
        if (!Files.isDirectory(kept)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(kept)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).count();
        }
    }

    /** A bundle with one class, compiled against the JARs given. */
    private Path compile(String symbolicName, String version, String header, String value, String className, String source,
            Path... against) throws IOException {
        Path dir = Files.createDirectories(temp.resolve(symbolicName + "-" + version));
        Path file = dir.resolve("src/" + className.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String classPath = String.join(java.io.File.pathSeparator, Stream.of(against).map(Path::toString).toList());
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        List<String> arguments = List.of("-d", classes.toString(), "--release", "17", "-cp", classPath.isEmpty() ? "." : classPath,
                file.toString());
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, errors, arguments.toArray(String[]::new)))
                .as(errors.toString()).isZero();
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        main.putValue(header, value);
        Path jar = dir.resolve(symbolicName + "-" + version + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream entries = new JarOutputStream(out, manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path c : files.filter(Files::isRegularFile).sorted().toList()) {
                entries.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                entries.write(Files.readAllBytes(c));
                entries.closeEntry();
            }
        }
        return jar;
    }
}
