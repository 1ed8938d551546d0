package gtach.provisioning.repository.internal;

import aQute.bnd.osgi.repository.SimpleIndexer;
import aQute.bnd.osgi.repository.XMLResourceParser;
import gtach.provisioning.repository.remote.TrustException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;
import org.osgi.resource.Capability;
import org.osgi.resource.Resource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemoteIndexReaderTest {

    private static final String HEAD = "<?xml version='1.0' encoding='UTF-8'?>\n";
    private static final String REPOSITORY = "<repository xmlns='http://www.osgi.org/xmlns/repository/v1.0.0' name='x' increment='1'>";

    @TempDir
    Path dir;

    @Test
    void anIndexWrittenByBndsIndexerIsReadLikeBndReadsIt() throws Exception {
        // Given an index made by bnd's own indexer, as bnd-indexer-maven-plugin makes it
        List<java.io.File> files = List.of(TestBundle.real("jackson-core-2.17.2.jar").toFile(),
                TestBundle.real("commons-lang3-3.17.0.jar").toFile());
        Path index = dir.resolve("index.xml.gz");
        new SimpleIndexer().files(files).base(dir.toUri()).compress(true).name("bnd").index(index.toFile());

        // When our reader and bnd's read it
        List<RemoteIndexEntry> ours;
        try (InputStream in = Files.newInputStream(index)) {
            ours = RemoteIndexReader.read(in, "index.xml.gz");
        }
        List<Resource> bnds = XMLResourceParser.getResources(index.toFile());

        // Then both see the same resources (bnd adds synthetic ones for each Java release of a
        // multi-release JAR), hashes and sizes, capabilities and requirements
        assertThat(ours).hasSameSizeAs(bnds);
        for (int i = 0; i < ours.size(); i++) {
            RemoteIndexEntry entry = ours.get(i);
            Resource resource = bnds.get(i);
            Map<String, Object> identity = first(resource, "osgi.identity").getAttributes();
            Map<String, Object> content = first(resource, "osgi.content").getAttributes();
            assertThat(entry.symbolicName()).isEqualTo(identity.get("osgi.identity"));
            assertThat(entry.version()).isEqualTo(identity.get("version"));
            assertThat(entry.sha256()).isEqualTo(String.valueOf(content.get("osgi.content")).toLowerCase());
            assertThat(entry.size()).isEqualTo(content.get("size"));
            assertThat(entry.capabilities()).hasSameSizeAs(resource.getCapabilities(null));
            assertThat(entry.requirements()).hasSameSizeAs(resource.getRequirements(null));
        }
        assertThat(ours).filteredOn(e -> e.type().equals("osgi.bundle")).extracting(RemoteIndexEntry::symbolicName)
                .containsExactlyInAnyOrder("com.fasterxml.jackson.core.jackson-core", "org.apache.commons.lang3");
        assertThat(ours.get(0).size()).isEqualTo(Files.size(files.get(0).toPath()));
    }

    @Test
    void typedAttributesAndEscapedListsAreRead() {
        assertThat(RemoteIndexReader.typed("List<String>", "a\\,b,c")).isEqualTo(List.of("a,b", "c"));
        assertThat(RemoteIndexReader.typed("List<Version>", "1.0,2.1.3")).isEqualTo(
                List.of(Version.parseVersion("1.0"), Version.parseVersion("2.1.3")));
        assertThat(RemoteIndexReader.typed("Long", "42")).isEqualTo(42L);
        assertThat(RemoteIndexReader.typed("Double", "1.5")).isEqualTo(1.5);
    }

    @Test
    void anEntityExpansionBombIsRefused() {
        // Given the "billion laughs": ten levels of ten references each
        StringBuilder xml = new StringBuilder(HEAD).append("<!DOCTYPE repository [\n<!ENTITY lol0 \"lol\">\n");
        for (int i = 1; i <= 10; i++) {
            xml.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
        }
        xml.append("]>\n").append(REPOSITORY).append("<resource><capability namespace='osgi.identity'>")
                .append("<attribute name='osgi.identity' value='&lol10;'/></capability></resource></repository>");

        assertThatThrownBy(() -> read(xml.toString()))
                .isInstanceOf(TrustException.class)
                .hasMessage("The index test.xml is refused: it has a DOCTYPE, which an R5 index never needs"
                        + " (entities are neither expanded nor fetched).");
    }

    @Test
    void anExternalEntityIsNeverFetched() throws Exception {
        // Given a secret file and a listening socket an external entity points at
        Path secret = Files.writeString(dir.resolve("secret.txt"), "the-secret-content");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String xml = HEAD + "<!DOCTYPE repository [\n<!ENTITY file SYSTEM \"" + secret.toUri() + "\">\n"
                    + "<!ENTITY net SYSTEM \"http://127.0.0.1:" + server.getLocalPort() + "/x\">\n"
                    + "<!ENTITY % dtd SYSTEM \"http://127.0.0.1:" + server.getLocalPort() + "/dtd\"> %dtd;\n]>\n"
                    + REPOSITORY + "<resource><capability namespace='osgi.identity'>"
                    + "<attribute name='osgi.identity' value='x'/>&file;&net;</capability></resource></repository>";

            // When it is read, Then it is refused without including the file
            assertThatThrownBy(() -> read(xml))
                    .isInstanceOf(TrustException.class)
                    .hasMessageContaining("it has a DOCTYPE")
                    .hasMessageNotContaining("the-secret-content");

            // nor is an external DTD subset loaded
            String external = HEAD + "<!DOCTYPE repository SYSTEM \"http://127.0.0.1:" + server.getLocalPort() + "/index.dtd\">\n"
                    + REPOSITORY + "</repository>";
            assertThatThrownBy(() -> read(external))
                    .isInstanceOf(TrustException.class)
                    .hasMessageContaining("it has a DOCTYPE");

            // and nothing ever connected to the socket
            server.setSoTimeout(200);
            assertThatThrownBy(server::accept).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void deepNestingIsRefusedAtTheDepthLimit() {
        // Given 100,000 nested elements
        int depth = 100_000;
        String xml = HEAD + REPOSITORY + "<a>".repeat(depth) + "</a>".repeat(depth) + "</repository>";

        assertThatThrownBy(() -> read(xml))
                .isInstanceOf(TrustException.class)
                .hasMessage("The index test.xml is refused: its elements are nested deeper than 8 levels.");
    }

    @Test
    void moreElementsThanTheLimitAreRefused() {
        String xml = HEAD + REPOSITORY + "<referral/>".repeat(1000) + "</repository>";

        assertThatThrownBy(() -> RemoteIndexReader.read(
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "test.xml", 1 << 20, 100))
                .isInstanceOf(TrustException.class)
                .hasMessage("The index test.xml is refused: it has more than 100 elements.");
    }

    @Test
    void aGzipBombOf200MiBIsRefusedAfterTheByteLimit() throws Exception {
        // Given a small gzip file that expands to 200 MiB of whitespace
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed, 1 << 16)) {
            gzip.write((HEAD + REPOSITORY).getBytes(StandardCharsets.UTF_8));
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 200; i++) {
                gzip.write(spaces);
            }
            gzip.write("</repository>".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(compressed.size()).isLessThan(1 << 20);

        // When it is read with the default limit, Then it is refused at 64 MiB
        assertThatThrownBy(() -> RemoteIndexReader.read(new ByteArrayInputStream(compressed.toByteArray()), "bomb.xml.gz"))
                .isInstanceOf(TrustException.class)
                .hasMessage("The index bomb.xml.gz is refused: it holds more than 64 MiB of XML.");
    }

    @Test
    void anEndlessPlainStreamIsRefusedAfterTheByteLimit() {
        // Given a stream that never ends
        InputStream endless = new InputStream() {
            private final byte[] head = (HEAD + REPOSITORY).getBytes(StandardCharsets.UTF_8);
            private long position;

            @Override
            public int read() {
                return position < head.length ? head[(int) position++] : (position++ >= 0 ? ' ' : -1);
            }
        };

        assertThatThrownBy(() -> RemoteIndexReader.read(endless, "endless.xml", 4 << 20, 1000))
                .isInstanceOf(TrustException.class)
                .hasMessage("The index endless.xml is refused: it holds more than 4 MiB of XML.");
    }

    @Test
    void malformedXmlAndAResourceWithoutContentAreRefused() {
        assertThatThrownBy(() -> read(HEAD + REPOSITORY + "<resource>"))
                .isInstanceOf(TrustException.class)
                .hasMessageStartingWith("The index test.xml is refused: it is not well-formed XML");
        assertThatThrownBy(() -> read(HEAD + REPOSITORY + "<resource><capability namespace='osgi.identity'>"
                + "<attribute name='osgi.identity' value='x'/></capability></resource></repository>"))
                .isInstanceOf(TrustException.class)
                .hasMessage("The index test.xml is refused: its resource 1 has no osgi.content capability.");
    }

    private static List<RemoteIndexEntry> read(String xml) throws TrustException, IOException {
        return RemoteIndexReader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "test.xml");
    }

    private static Capability first(Resource resource, String namespace) {
        return resource.getCapabilities(namespace).get(0);
    }
}
