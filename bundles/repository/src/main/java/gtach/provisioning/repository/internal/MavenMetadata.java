package gtach.provisioning.repository.internal;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The versions an artifact-level {@code maven-metadata.xml} lists, and its {@code latest} and
 * {@code release}; for a version-level one of a SNAPSHOT, the timestamped file names it lists. Read with StAX, DTDs and external entities off: a document with a DOCTYPE is
 * refused before anything in it is expanded.
 */
record MavenMetadata(List<String> versions, Optional<String> latest, Optional<String> release,
        List<SnapshotFile> snapshotFiles) {

    /** One {@code snapshotVersion}: the file of that extension and classifier is {@code artifact-<value>}. */
    record SnapshotFile(String extension, String classifier, String value) {
    }

    /** Far more than any real artifact's metadata; the download stops there. */
    static final long MAX_BYTES = 1 << 20;

    private static final String SNAPSHOT_VERSION = "metadata/versioning/snapshotVersions/snapshotVersion";

    /** @throws Refusal when the file is not such a document, its reason a sentence fragment */
    static MavenMetadata read(Path file) throws Refusal, IOException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        List<String> versions = new ArrayList<>();
        String latest = null;
        String release = null;
        List<SnapshotFile> snapshotFiles = new ArrayList<>();
        String[] snapshot = new String[3];
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader reader = factory.createXMLStreamReader(in);
            try {
                List<String> path = new ArrayList<>();
                while (reader.hasNext()) {
                    int event = reader.next();
                    if (event == XMLStreamConstants.DTD) {
                        throw new Refusal("its maven-metadata.xml declares a DOCTYPE, which is not read");
                    }
                    if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                        throw new Refusal("its maven-metadata.xml refers to the entity &" + reader.getLocalName()
                                + ";, which is not read");
                    }
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        path.add(reader.getLocalName());
                        String where = String.join("/", path);
                        switch (where) {
                            case "metadata/versioning/versions/version" -> versions.add(text(reader));
                            case "metadata/versioning/latest" -> latest = text(reader);
                            case "metadata/versioning/release" -> release = text(reader);
                            case SNAPSHOT_VERSION + "/extension" -> snapshot[0] = text(reader);
                            case SNAPSHOT_VERSION + "/classifier" -> snapshot[1] = text(reader);
                            case SNAPSHOT_VERSION + "/value" -> snapshot[2] = text(reader);
                            default -> {
                                continue;
                            }
                        }
                        // text() consumed the end tag
                        path.remove(path.size() - 1);
                    } else if (event == XMLStreamConstants.END_ELEMENT) {
                        if (String.join("/", path).equals(SNAPSHOT_VERSION)) {
                            if (snapshot[0] != null && snapshot[2] != null) {
                                snapshotFiles.add(new SnapshotFile(snapshot[0], snapshot[1] == null ? "" : snapshot[1],
                                        snapshot[2]));
                            }
                            Arrays.fill(snapshot, null);
                        }
                        path.remove(path.size() - 1);
                    }
                }
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw new Refusal("its maven-metadata.xml is not valid XML (" + firstLine(e.getMessage()) + ")", e);
        }
        return new MavenMetadata(List.copyOf(versions), Optional.ofNullable(blankToNull(latest)),
                Optional.ofNullable(blankToNull(release)), List.copyOf(snapshotFiles));
    }

    /** The text of the element just started, up to its end tag; an entity reference in it is refused, not expanded. */
    private static String text(XMLStreamReader reader) throws Refusal, XMLStreamException {
        String element = reader.getLocalName();
        StringBuilder text = new StringBuilder();
        while (true) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        text.append(reader.getText());
                case XMLStreamConstants.ENTITY_REFERENCE -> throw new Refusal("its maven-metadata.xml refers to the entity &"
                        + reader.getLocalName() + "; in <" + element + ">, which is not read");
                case XMLStreamConstants.START_ELEMENT -> throw new Refusal("its maven-metadata.xml has <"
                        + reader.getLocalName() + "> inside <" + element + ">, where only text belongs");
                case XMLStreamConstants.END_ELEMENT -> {
                    return text.toString().trim();
                }
                default -> {
                    // comments and processing instructions carry nothing
                }
            }
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no detail";
        }
        String line = text.lines().filter(l -> !l.isBlank()).reduce((first, last) -> last).orElse(text).trim();
        return line.replaceFirst("^Message: ", "");
    }
}
