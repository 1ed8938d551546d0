package gtach.provisioning.repository.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import gtach.provisioning.repository.ExportedPackage;
import gtach.provisioning.repository.ImportedPackage;
import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import org.osgi.framework.Version;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes {@code index.json} (format 1), the derived cache of every {@code package.json}
 * summary, with Jackson's streaming API: a hundred thousand entries load in well under a second
 * and, through an {@link Interner}, share their repeated strings and versions.
 *
 * <pre>
 * {"format":1,"generation":7,"packages":[
 *   ["tach","1.0.0","&lt;sha256&gt;",123,"Tachometer","Shows engine speed","file:/jars/tach.jar",1764097200000,
 *    false,"ipbh",["osgi.wiring.bundle","osgi.wiring.host"],
 *    ["a.b","1.0.0"],
 *    ["c.d","[1.0.0,2.0.0)",false]]]}
 * </pre>
 * Each package is an array, since its fields repeat a hundred thousand times: symbolic name,
 * version, sha256, size, name, description, source, added (epoch milliseconds, which parse far
 * faster than ISO text), fragment, capability layout (see {@link IndexEntry}, or null), the
 * capability namespaces other than identity and packages, the exports as name-version pairs and
 * the imports as name-range-optional triples.
 */
final class IndexFormat {

    static final int FORMAT = 1;
    static final long MAX_INDEX_JSON_BYTES = 512L << 20;

    private static final JsonFactory FACTORY = MetadataFormat.strictFactory(MAX_INDEX_JSON_BYTES, false);

    private IndexFormat() {
    }

    /** Writes an index; leaves the stream open so the caller can force it to disk. */
    static void write(PackageIndex index, OutputStream out) throws IOException {
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.writeStartObject();
            json.writeNumberField("format", FORMAT);
            json.writeNumberField("generation", index.generation());
            json.writeArrayFieldStart("packages");
            for (IndexEntry entry : index.entries()) {
                writeEntry(json, entry);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    private static void writeEntry(JsonGenerator json, IndexEntry entry) throws IOException {
        PackageInfo info = entry.info();
        json.writeStartArray();
        json.writeString(info.id().symbolicName());
        json.writeString(info.id().version().toString());
        json.writeString(info.sha256());
        json.writeNumber(info.size());
        json.writeString(info.name());
        json.writeString(info.description());
        json.writeString(info.source());
        json.writeNumber(info.added().toEpochMilli());
        json.writeBoolean(entry.fragment());
        json.writeString(entry.layout().orElse(null));
        json.writeStartArray();
        for (String namespace : entry.namespaces()) {
            json.writeString(namespace);
        }
        json.writeEndArray();
        json.writeStartArray();
        for (ExportedPackage export : info.exports()) {
            json.writeString(export.name());
            json.writeString(export.version().toString());
        }
        json.writeEndArray();
        json.writeStartArray();
        for (ImportedPackage imported : info.imports()) {
            json.writeString(imported.name());
            json.writeString(imported.range().toString());
            json.writeBoolean(imported.optional());
        }
        json.writeEndArray();
        json.writeEndArray();
    }

    /**
     * Reads an index file.
     *
     * @throws MalformedMetadataException when it is too large, not JSON, or not format 1
     * @throws IOException when it cannot be read
     */
    static PackageIndex read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_INDEX_JSON_BYTES) {
            throw new MalformedMetadataException("it is " + size + " bytes, more than the limit of "
                    + MAX_INDEX_JSON_BYTES + " bytes");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in);
        }
    }

    static PackageIndex read(InputStream in) throws IOException {
        try (JsonParser json = FACTORY.createParser(in)) {
            return new Reader(json, new Interner()).index();
        } catch (JsonProcessingException e) {
            throw new MalformedMetadataException(MetadataFormat.describe(e), e);
        } catch (IllegalArgumentException e) {
            throw new MalformedMetadataException(e.getMessage(), e);
        }
    }

    /** The state of reading one index: the parser and the interner its entries share. */
    private static final class Reader {

        private final JsonParser json;
        private final Interner interner;
        /** Reused while reading each entry's lists, which are then copied to their exact size. */
        private final List<ExportedPackage> exportBuffer = new ArrayList<>();
        private final List<ImportedPackage> importBuffer = new ArrayList<>();
        private String lastCheckedName;
        private String lastName = "";
        private String lastDescription = "";

        Reader(JsonParser json, Interner interner) {
            this.json = json;
            this.interner = interner;
        }

        PackageIndex index() throws IOException {
            expect(json.nextToken(), JsonToken.START_OBJECT);
            Integer format = null;
            Long generation = null;
            List<IndexEntry> entries = null;
            String field;
            while ((field = json.nextFieldName()) != null) {
                switch (field) {
                    case "format" -> {
                        requireFirst(format, field);
                        format = (int) longValue();
                        if (format != FORMAT) {
                            throw new MalformedMetadataException("it has format " + format
                                    + ", this version reads format " + FORMAT);
                        }
                    }
                    case "generation" -> {
                        requireFirst(generation, field);
                        generation = longValue();
                    }
                    case "packages" -> {
                        requireFirst(entries, field);
                        entries = entries();
                    }
                    default -> throw new MalformedMetadataException("unknown field \"" + field + "\" at line " + line());
                }
            }
            expect(json.currentToken(), JsonToken.END_OBJECT);
            if (json.nextToken() != null) {
                throw new MalformedMetadataException("it has content after the index");
            }
            if (format == null || generation == null || entries == null) {
                throw new MalformedMetadataException("it lacks format, generation or packages");
            }
            return PackageIndex.of(generation, entries);
        }

        private List<IndexEntry> entries() throws IOException {
            expect(json.nextToken(), JsonToken.START_ARRAY);
            List<IndexEntry> entries = new ArrayList<>();
            while (json.nextToken() == JsonToken.START_ARRAY) {
                entries.add(entry());
            }
            expect(json.currentToken(), JsonToken.END_ARRAY);
            return entries;
        }

        private IndexEntry entry() throws IOException {
            String symbolicName = sharedText();
            Version version = interner.version(sharedText());
            String sha256 = sha256Text();
            long size = longValue();
            String name = textLike(lastName);
            String description = textLike(lastDescription);
            lastName = name;
            lastDescription = description;
            String source = text();
            Instant added = Instant.ofEpochMilli(longValue());
            boolean fragment = booleanValue();
            String layout = optionalSharedText();
            List<String> namespaces = namespaces();
            List<ExportedPackage> exports = exports();
            List<ImportedPackage> imports = imports();
            expect(json.nextToken(), JsonToken.END_ARRAY);
            // entries come sorted by name, so each name is checked once
            if (!symbolicName.equals(lastCheckedName)) {
                Optional<String> unsafe = SafeNames.symbolicNameProblem(symbolicName);
                if (unsafe.isPresent()) {
                    throw new MalformedMetadataException("the symbolic name \"" + symbolicName + "\" is unsafe: " + unsafe.get());
                }
                lastCheckedName = symbolicName;
            }
            if (sha256 == null || size < 0) {
                throw new MalformedMetadataException("the sha256 or size of " + symbolicName + " " + version + " is invalid");
            }
            PackageInfo info = new PackageInfo(new PackageId(symbolicName, version), sha256, size, name, description,
                    exports, imports, source, added);
            return new IndexEntry(info, interner.semanticVersion(version), fragment, namespaces, layout);
        }

        /** The sha256 text, or {@code null} when it is not 64 lower-case hex digits. */
        private String sha256Text() throws IOException {
            expect(json.nextToken(), JsonToken.VALUE_STRING);
            char[] characters = json.getTextCharacters();
            int offset = json.getTextOffset();
            int length = json.getTextLength();
            if (length != 64) {
                return null;
            }
            for (int i = offset; i < offset + length; i++) {
                char c = characters[i];
                if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                    return null;
                }
            }
            return new String(characters, offset, length);
        }

        private List<String> namespaces() throws IOException {
            expect(json.nextToken(), JsonToken.START_ARRAY);
            List<String> namespaces = new ArrayList<>(4);
            while (json.nextToken() == JsonToken.VALUE_STRING) {
                namespaces.add(interner.string(json.getTextCharacters(), json.getTextOffset(), json.getTextLength()));
            }
            expect(json.currentToken(), JsonToken.END_ARRAY);
            return interner.list(namespaces);
        }

        private List<ExportedPackage> exports() throws IOException {
            expect(json.nextToken(), JsonToken.START_ARRAY);
            List<ExportedPackage> exports = exportBuffer;
            exports.clear();
            while (json.nextToken() == JsonToken.VALUE_STRING) {
                String name = interner.string(json.getTextCharacters(), json.getTextOffset(), json.getTextLength());
                exports.add(new ExportedPackage(name, interner.version(sharedText())));
            }
            expect(json.currentToken(), JsonToken.END_ARRAY);
            return List.copyOf(exports);
        }

        private List<ImportedPackage> imports() throws IOException {
            expect(json.nextToken(), JsonToken.START_ARRAY);
            List<ImportedPackage> imports = importBuffer;
            imports.clear();
            while (json.nextToken() == JsonToken.VALUE_STRING) {
                String name = interner.string(json.getTextCharacters(), json.getTextOffset(), json.getTextLength());
                String range = sharedText();
                imports.add(interner.imported(name, interner.range(range), booleanValue()));
            }
            expect(json.currentToken(), JsonToken.END_ARRAY);
            return List.copyOf(imports);
        }

        private String text() throws IOException {
            expect(json.nextToken(), JsonToken.VALUE_STRING);
            return json.getText();
        }

        /** A string value that repeats across entries, shared through the interner without a temporary copy. */
        private String sharedText() throws IOException {
            expect(json.nextToken(), JsonToken.VALUE_STRING);
            return interner.string(json.getTextCharacters(), json.getTextOffset(), json.getTextLength());
        }

        /**
         * A string value that usually equals the one before it, as the description of the next
         * version of a package does: shared with it when equal, without the cost of interning.
         */
        private String textLike(String previous) throws IOException {
            expect(json.nextToken(), JsonToken.VALUE_STRING);
            char[] characters = json.getTextCharacters();
            int offset = json.getTextOffset();
            int length = json.getTextLength();
            if (previous.length() == length) {
                int i = 0;
                while (i < length && previous.charAt(i) == characters[offset + i]) {
                    i++;
                }
                if (i == length) {
                    return previous;
                }
            }
            return new String(characters, offset, length);
        }

        private String optionalSharedText() throws IOException {
            JsonToken token = json.nextToken();
            if (token == JsonToken.VALUE_NULL) {
                return null;
            }
            expect(token, JsonToken.VALUE_STRING);
            return interner.string(json.getTextCharacters(), json.getTextOffset(), json.getTextLength());
        }

        private long longValue() throws IOException {
            expect(json.nextToken(), JsonToken.VALUE_NUMBER_INT);
            return json.getLongValue();
        }

        private boolean booleanValue() throws IOException {
            JsonToken token = json.nextToken();
            if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                throw unexpected(token, "a boolean");
            }
            return token == JsonToken.VALUE_TRUE;
        }

        private void requireFirst(Object previous, String field) throws MalformedMetadataException {
            if (previous != null) {
                throw new MalformedMetadataException("duplicate field \"" + field + "\" at line " + line());
            }
        }

        private void expect(JsonToken actual, JsonToken expected) throws MalformedMetadataException {
            if (actual != expected) {
                throw unexpected(actual, describe(expected));
            }
        }

        private MalformedMetadataException unexpected(JsonToken actual, String expected) {
            return new MalformedMetadataException("expected " + expected + " but found " + describe(actual)
                    + " at line " + line());
        }

        private int line() {
            return json.currentLocation().getLineNr();
        }

        private static String describe(JsonToken token) {
            if (token == null) {
                return "the end";
            }
            return switch (token) {
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT -> "an integer";
                case VALUE_NUMBER_FLOAT -> "a decimal number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                case FIELD_NAME -> "a field name";
                default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
            };
        }
    }
}
