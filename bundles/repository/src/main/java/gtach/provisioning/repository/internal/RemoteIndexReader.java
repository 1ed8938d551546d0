package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.remote.TrustException;
import org.osgi.framework.Version;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads an OSGi R5 repository index ({@code index.xml} or {@code index.xml.gz}, as bnd's indexer
 * and {@code bnd-indexer-maven-plugin} write it) into entries, within bounded memory and time: at
 * most {@code maxBytes} uncompressed bytes, {@value #MAX_DEPTH} levels of elements and
 * {@code maxElements} elements are read; a DOCTYPE is refused outright, so no entity is ever
 * expanded and nothing external is ever fetched; referrals to other indexes are ignored.
 */
final class RemoteIndexReader {

    /** Uncompressed bytes read by default: far above any index of a real repository. */
    static final long DEFAULT_MAX_BYTES = 64L << 20;
    static final int DEFAULT_MAX_ELEMENTS = 2_000_000;
    /** repository, resource, capability or requirement, attribute or directive: 4 levels used. */
    static final int MAX_DEPTH = 8;

    private final long maxBytes;
    private final int maxElements;
    private final String what;

    private XMLStreamReader reader;
    private int depth;
    private int elements;

    private RemoteIndexReader(long maxBytes, int maxElements, String what) {
        this.maxBytes = maxBytes;
        this.maxElements = maxElements;
        this.what = what;
    }

    /** Reads an index with the default limits; {@code what} names it in messages. */
    static List<RemoteIndexEntry> read(InputStream in, String what) throws TrustException, IOException {
        return read(in, what, DEFAULT_MAX_BYTES, DEFAULT_MAX_ELEMENTS);
    }

    /**
     * Reads an index, compressed with gzip or not.
     *
     * @throws TrustException with one sentence when it is too large, too deep, has a DOCTYPE or is no R5 index
     * @throws IOException when the stream cannot be read
     */
    static List<RemoteIndexEntry> read(InputStream in, String what, long maxBytes, int maxElements)
            throws TrustException, IOException {
        return new RemoteIndexReader(maxBytes, maxElements, what).parse(in);
    }

    private List<RemoteIndexEntry> parse(InputStream raw) throws TrustException, IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        InputStream in = buffered;
        if (first == 0x1f && second == 0x8b) {
            try {
                in = new GZIPInputStream(buffered, 1 << 16);
            } catch (ZipException e) {
                throw refused("it is not valid gzip (" + e.getMessage() + ")", e);
            }
        }
        Bounded bounded = new Bounded(in, maxBytes);
        try {
            reader = factory().createXMLStreamReader(bounded);
            try {
                return repository();
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            if (bounded.exceeded) {
                throw tooLarge();
            }
            throw refused("it is not well-formed XML (" + firstLine(e.getMessage()) + ")", e);
        } catch (RuntimeException e) {
            // the JDK's parser wraps I/O failures, our limit among them, in unchecked exceptions
            if (bounded.exceeded) {
                throw tooLarge();
            }
            throw refused("it cannot be parsed (" + firstLine(String.valueOf(e.getMessage())) + ")", e);
        }
    }

    private static XMLInputFactory factory() {
        // the JDK's own parser, not whichever one a service loader finds
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }

    private List<RemoteIndexEntry> repository() throws XMLStreamException, TrustException {
        if (nextElement() != XMLStreamConstants.START_ELEMENT || !reader.getLocalName().equals("repository")) {
            throw refused("its root element is not <repository>", null);
        }
        List<RemoteIndexEntry> entries = new ArrayList<>();
        int event;
        while ((event = nextElement()) == XMLStreamConstants.START_ELEMENT) {
            if (reader.getLocalName().equals("resource")) {
                entries.add(resource(entries.size() + 1));
            } else {
                // referrals and anything unknown: skipped, never followed
                skip();
            }
        }
        while (event != XMLStreamConstants.END_DOCUMENT) {
            event = nextElement();
        }
        return entries;
    }

    private RemoteIndexEntry resource(int number) throws XMLStreamException, TrustException {
        List<CapReqRecord> capabilities = new ArrayList<>();
        List<CapReqRecord> requirements = new ArrayList<>();
        while (nextElement() == XMLStreamConstants.START_ELEMENT) {
            String tag = reader.getLocalName();
            if (tag.equals("capability")) {
                capabilities.add(capReq(number));
            } else if (tag.equals("requirement")) {
                requirements.add(capReq(number));
            } else {
                skip();
            }
        }
        CapReqRecord identity = first(capabilities, "osgi.identity", number);
        CapReqRecord content = first(capabilities, "osgi.content", number);
        Object name = identity.attributes().get("osgi.identity");
        Object version = identity.attributes().getOrDefault("version", Version.emptyVersion);
        Object type = identity.attributes().getOrDefault("type", "osgi.bundle");
        Object sha256 = content.attributes().get("osgi.content");
        Object url = content.attributes().get("url");
        Object size = content.attributes().get("size");
        if (!(name instanceof String) || !(version instanceof Version) || !(sha256 instanceof String)
                || !(url instanceof String) || !(size instanceof Long)) {
            throw refused("its resource " + number + " lacks a name, version, SHA-256, URL or size of the right type", null);
        }
        String hash = ((String) sha256).toLowerCase(java.util.Locale.ROOT);
        if (!hash.matches("[0-9a-f]{64}")) {
            throw refused("its resource " + number + " has the SHA-256 \"" + sha256 + "\", not 64 hex digits", null);
        }
        return new RemoteIndexEntry((String) name, (Version) version, String.valueOf(type), hash, (Long) size,
                (String) url, capabilities, requirements);
    }

    private CapReqRecord first(List<CapReqRecord> capabilities, String namespace, int number) throws TrustException {
        for (CapReqRecord capability : capabilities) {
            if (capability.namespace().equals(namespace)) {
                return capability;
            }
        }
        throw refused("its resource " + number + " has no " + namespace + " capability", null);
    }

    private CapReqRecord capReq(int number) throws XMLStreamException, TrustException {
        String namespace = reader.getAttributeValue(null, "namespace");
        if (namespace == null || namespace.isEmpty()) {
            throw refused("a capability or requirement of its resource " + number + " has no namespace", null);
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        Map<String, String> directives = new LinkedHashMap<>();
        while (nextElement() == XMLStreamConstants.START_ELEMENT) {
            String tag = reader.getLocalName();
            String name = reader.getAttributeValue(null, "name");
            String value = reader.getAttributeValue(null, "value");
            if ((tag.equals("attribute") || tag.equals("directive")) && (name == null || value == null)) {
                throw refused("an " + tag + " of its resource " + number + " has no name or value", null);
            }
            if (tag.equals("attribute")) {
                String type = reader.getAttributeValue(null, "type");
                try {
                    attributes.put(name, typed(type == null ? "String" : type, value));
                } catch (IllegalArgumentException e) {
                    throw refused("the attribute " + name + " of its resource " + number + " has an invalid "
                            + type + " value \"" + value + "\"", e);
                }
            } else if (tag.equals("directive")) {
                directives.put(name, value);
            }
            skip();
        }
        return new CapReqRecord(namespace, attributes, directives);
    }

    /** A typed attribute value as the R5 index writes it; lists are comma-separated, {@code \} escaping. */
    static Object typed(String type, String value) {
        String trimmed = type.trim();
        if (trimmed.startsWith("List<") && trimmed.endsWith(">")) {
            String element = trimmed.substring(5, trimmed.length() - 1).trim();
            List<Object> list = new ArrayList<>();
            for (String item : splitList(value)) {
                list.add(scalar(element, item));
            }
            return list;
        }
        return scalar(trimmed, value);
    }

    private static Object scalar(String type, String value) {
        return switch (type) {
            case "String" -> value;
            case "Version" -> Version.parseVersion(value.trim());
            case "Long" -> Long.parseLong(value.trim());
            case "Double" -> Double.parseDouble(value.trim());
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }

    private static List<String> splitList(String value) {
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                item.append(value.charAt(++i));
            } else if (c == ',') {
                items.add(item.toString());
                item.setLength(0);
            } else {
                item.append(c);
            }
        }
        items.add(item.toString());
        return items;
    }

    /** Skips to the end of the current element, counting what it holds. */
    private void skip() throws XMLStreamException, TrustException {
        int event;
        while ((event = nextElement()) == XMLStreamConstants.START_ELEMENT) {
            skip();
        }
        if (event != XMLStreamConstants.END_ELEMENT) {
            throw refused("it ends inside an element", null);
        }
    }

    /** The next start or end of an element (or the document's end), enforcing the limits. */
    private int nextElement() throws XMLStreamException, TrustException {
        while (reader.hasNext()) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    if (++depth > MAX_DEPTH) {
                        throw refused("its elements are nested deeper than " + MAX_DEPTH + " levels", null);
                    }
                    if (++elements > maxElements) {
                        throw refused("it has more than " + maxElements + " elements", null);
                    }
                    return event;
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    depth--;
                    return event;
                }
                case XMLStreamConstants.DTD -> throw refused("it has a DOCTYPE, which an R5 index never needs"
                        + " (entities are neither expanded nor fetched)", null);
                case XMLStreamConstants.ENTITY_REFERENCE -> throw refused("it refers to the entity &"
                        + reader.getLocalName() + ";, which an R5 index never needs", null);
                case XMLStreamConstants.END_DOCUMENT -> {
                    return event;
                }
                default -> {
                    // text, comments, processing instructions: nothing an index holds
                }
            }
        }
        return XMLStreamConstants.END_DOCUMENT;
    }

    private TrustException tooLarge() {
        return refused("it holds more than " + Sizes.describe(maxBytes) + " of XML", null);
    }

    private TrustException refused(String reason, Throwable cause) {
        return new TrustException("The index " + what + " is refused: " + reason + ".", cause);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }

    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
    }

    /** Counts what the parser reads and fails once it passes the limit. */
    private static final class Bounded extends FilterInputStream {

        private final long limit;
        private long count;
        boolean exceeded;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, 1 << 16));
            counted(skipped);
            return skipped;
        }

        private void counted(long n) throws TooLarge {
            count += n;
            if (count > limit) {
                exceeded = true;
                throw new TooLarge();
            }
        }
    }
}
