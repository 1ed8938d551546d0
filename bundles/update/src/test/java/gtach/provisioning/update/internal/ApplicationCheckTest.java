package gtach.provisioning.update.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

class ApplicationCheckTest {

    private static final String MEMBERS = "osgi.identity;filter:=\"(&(osgi.identity=acme.display)(version>=1.0.0))\"";
    private static final String METATYPE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <metatype:MetaData xmlns:metatype="http://www.osgi.org/xmlns/metatype/v1.4.0">
              <OCD id="acme.display.Config" name="Display">
                <AD id="intervalSeconds" type="Integer" default="1"/>
                <AD id="title" type="String"/>
              </OCD>
              <Designate pid="acme.display.Display"><Object ocdref="acme.display.Config"/></Designate>
            </metatype:MetaData>
            """;

    @TempDir
    Path temp;

    @Test
    void aWellFormedApplicationPasses() throws IOException {
        assertThat(check(app(MEMBERS, """
                {":configurator:resource-version": 1,
                 "acme.display.Display": {":configurator:policy": "force", "intervalSeconds:Integer": 2, "title": "rpm"}}
                """))).isEmpty();
    }

    @Test
    void aResourceThatIsNotJsonIsNamedWithWhereItBreaks() throws IOException {
        assertThat(check(app(MEMBERS, "{\"acme.display.Display\": {\"intervalSeconds\": 2,,}}")))
                .hasValueSatisfying(p -> assertThat(p).startsWith("acme.app 1.0.0 carries OSGI-INF/configurator/app.json,"
                        + " which is not valid JSON (line 1, column "));
    }

    @Test
    void anUnknownConfiguratorKeyIsRefused() throws IOException {
        assertThat(check(app(MEMBERS, "{\":configurator:resource-versions\": 1}"))).hasValue("acme.app 1.0.0 carries"
                + " OSGI-INF/configurator/app.json, whose key :configurator:resource-versions the OSGi Configurator does"
                + " not know (it knows :configurator:resource-version, :configurator:symbolic-name, :configurator:version)");
        assertThat(check(app(MEMBERS, "{\"acme.display.Display\": {\":configurator:policy\": \"force\", \":configurator:rank\": 1}}")))
                .hasValueSatisfying(p -> assertThat(p).contains("whose configuration acme.display.Display has the key"
                        + " :configurator:rank, which the OSGi Configurator does not know"));
    }

    @Test
    void aValueOfTheWrongTypeForTheMembersMetatypeIsRefused() throws IOException {
        assertThat(check(app(MEMBERS, "{\"acme.display.Display\": {\"intervalSeconds\": \"often\"}}")))
                .hasValue("acme.app 1.0.0 carries OSGI-INF/configurator/app.json, whose property acme.display.Display"
                        + " intervalSeconds is \"often\", not a value of the type Integer its metatype gives it");
    }

    @Test
    void aValueThatIsNotOfItsDeclaredTypeIsRefused() throws IOException {
        assertThat(check(app(MEMBERS, "{\"acme.other\": {\"enabled:Boolean\": \"yes\"}}")))
                .hasValue("acme.app 1.0.0 carries OSGI-INF/configurator/app.json, whose property acme.other"
                        + " enabled:Boolean is \"yes\", not a Boolean");
        assertThat(check(app(MEMBERS, "{\"acme.other\": {\"when:Date\": \"today\"}}")))
                .hasValueSatisfying(p -> assertThat(p).endsWith("names the type Date, which the OSGi Configurator does not know"));
    }

    @Test
    void theRuntimesOwnSettingsAreNotAnApplications() throws IOException {
        assertThat(check(app(MEMBERS, "{\"gtach.provisioning.update\": {\"verifyTimeoutSeconds\": 1}}")))
                .hasValue("acme.app 1.0.0 carries OSGI-INF/configurator/app.json, which configures gtach.provisioning.update,"
                        + " a setting of the runtime itself; an application configures its own bundles, the operator the"
                        + " runtime (gtach:config)");
    }

    @Test
    void anApplicationThatNamesItselfIsRefused() throws IOException {
        String self = "osgi.identity;filter:=\"(&(osgi.identity=acme.app)(version>=1.0.0))\"";
        assertThat(check(app(self, "{}"))).hasValueSatisfying(p -> assertThat(p)
                .startsWith("acme.app 1.0.0 names itself among its members (Require-Capability osgi.identity;"));
    }

    private java.util.Optional<String> check(Path app) throws IOException {
        Map<String, Path> changing = new LinkedHashMap<>();
        changing.put("acme.app 1.0.0", app);
        changing.put("acme.display 1.0.0", jar("acme.display", null, Map.of("OSGI-INF/metatype/display.xml", METATYPE.strip())));
        return ApplicationCheck.problem(changing);
    }

    private Path app(String requireCapability, String resource) throws IOException {
        return jar("acme.app", requireCapability, Map.of("OSGI-INF/configurator/app.json", resource));
    }

    private Path jar(String symbolicName, String requireCapability, Map<String, String> entries) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        if (requireCapability != null) {
            main.putValue("Require-Capability", requireCapability);
        }
        Path jar = Files.createTempFile(temp, symbolicName, ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new JarEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return jar;
    }
}
