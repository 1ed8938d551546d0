package gtach.provisioning.repository.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import gtach.provisioning.repository.ExportedPackage;
import gtach.provisioning.repository.ImportedPackage;
import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.version.SemanticVersion;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads and writes {@code package.json} (format 1) and {@code in-use/<owner>.json} (format 1).
 * Fields added later within a format are optional: {@code development} of {@code package.json}
 * (written only when true) and {@code builds} of an in-use record (written only when the owner names them).
 * <p>
 * Reading is strict and bounded: files over a size limit are refused before parsing, unknown
 * fields, duplicate keys, trailing content, coerced scalars and missing fields are errors, and no
 * polymorphic typing is enabled, so a file can only ever produce the plain records below.
 */
final class MetadataFormat {

    static final int FORMAT = 1;
    static final long MAX_PACKAGE_JSON_BYTES = 8L << 20;
    static final long MAX_IN_USE_JSON_BYTES = 8L << 20;
    /** Longest single string: well above any header value of a manifest capped at 1 MiB. */
    static final int MAX_STRING_LENGTH = 2 << 20;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * Made on first use: the index reader needs only {@link #strictFactory}, so a boot that reads no
     * package metadata does not load Jackson's databind.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = JsonMapper.builder(strictFactory(MAX_PACKAGE_JSON_BYTES, true))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_LONG_FOR_INTS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .build();
    }

    private MetadataFormat() {
    }

    /**
     * A JSON factory whose parsers refuse oversized, deeply nested or duplicate-keyed input.
     *
     * @param detectDuplicates whether the parser itself refuses duplicate keys; a caller that checks
     *        them while reading saves the parser's per-object bookkeeping
     */
    static JsonFactory strictFactory(long maxDocumentBytes, boolean detectDuplicates) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(MAX_STRING_LENGTH)
                        .maxNameLength(64 * 1024)
                        .maxNestingDepth(16)
                        .maxNumberLength(64)
                        .maxDocumentLength(maxDocumentBytes)
                        .build())
                .configure(StreamReadFeature.STRICT_DUPLICATE_DETECTION, detectDuplicates)
                .build();
    }

    /** The fragment describing a Jackson failure: its own message and where, without Jackson's extras. */
    static String describe(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String where = location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        String message = e.getOriginalMessage();
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)) + where;
    }

    // -- package.json

    record PackageJson(Integer format, String symbolicName, String version, String semanticVersion,
            String sha256, Long size, String name, String description,
            List<ExportJson> exports, List<ImportJson> imports,
            List<CapReqJson> capabilities, List<CapReqJson> requirements,
            String source, String added, Boolean development) {
    }

    record ExportJson(String name, String version) {
    }

    record ImportJson(String name, String range, Boolean optional) {
    }

    record CapReqJson(String namespace, Map<String, Object> attributes, Map<String, String> directives) {
    }

    /** The bytes of {@code package.json} for a package. */
    static byte[] writePackage(PackageRecord record) {
        PackageInfo info = record.info();
        List<ExportJson> exports = new ArrayList<>();
        for (ExportedPackage export : info.exports()) {
            exports.add(new ExportJson(export.name(), export.version().toString()));
        }
        List<ImportJson> imports = new ArrayList<>();
        for (ImportedPackage imported : info.imports()) {
            imports.add(new ImportJson(imported.name(), imported.range().toString(), imported.optional()));
        }
        PackageJson json = new PackageJson(FORMAT, info.id().symbolicName(), info.id().version().toString(),
                info.semanticVersion().map(SemanticVersion::toString).orElse(null),
                info.sha256(), info.size(), info.name(), info.description(), exports, imports,
                capReqsToJson(record.capabilities()), capReqsToJson(record.requirements()),
                info.source(), info.added().toString(), record.development() ? Boolean.TRUE : null);
        try {
            return Json.MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write package.json of " + info.id() + ": " + describe(e) + ".", e);
        }
    }

    /** Reads a {@code package.json} file, refusing one over {@link #MAX_PACKAGE_JSON_BYTES}. */
    static PackageRecord readPackage(Path file) throws IOException {
        return readPackage(readBounded(file, MAX_PACKAGE_JSON_BYTES));
    }

    /** Reads the content of a {@code package.json}. */
    static PackageRecord readPackage(byte[] content) throws MalformedMetadataException {
        PackageJson json;
        try {
            json = Json.MAPPER.readValue(content, PackageJson.class);
        } catch (JsonProcessingException e) {
            throw new MalformedMetadataException(describe(e), e);
        } catch (IOException e) {
            throw new MalformedMetadataException(String.valueOf(e.getMessage()), e);
        }
        try {
            return toRecord(json);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedMetadataException(e.getMessage(), e);
        }
    }

    private static PackageRecord toRecord(PackageJson json) {
        int format = required(json.format(), "format");
        if (format != FORMAT) {
            throw new IllegalArgumentException("it has format " + format + ", this version reads format " + FORMAT);
        }
        String symbolicName = required(json.symbolicName(), "symbolicName");
        SafeNames.symbolicNameProblem(symbolicName).ifPresent(problem -> {
            throw new IllegalArgumentException("its symbolicName \"" + symbolicName + "\" is unsafe: " + problem);
        });
        Version version = version(required(json.version(), "version"), "version");
        if (json.semanticVersion() != null) {
            SemanticVersion.parse(json.semanticVersion());
        }
        String sha256 = required(json.sha256(), "sha256");
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("its sha256 is not 64 lower-case hex digits");
        }
        long size = required(json.size(), "size");
        if (size < 0) {
            throw new IllegalArgumentException("its size is negative");
        }
        List<ExportedPackage> exports = new ArrayList<>();
        for (ExportJson export : required(json.exports(), "exports")) {
            exports.add(new ExportedPackage(required(export.name(), "exports.name"),
                    version(required(export.version(), "exports.version"), "exports.version")));
        }
        List<ImportedPackage> imports = new ArrayList<>();
        for (ImportJson imported : required(json.imports(), "imports")) {
            imports.add(new ImportedPackage(required(imported.name(), "imports.name"),
                    range(required(imported.range(), "imports.range")), required(imported.optional(), "imports.optional")));
        }
        PackageInfo info = new PackageInfo(new PackageId(symbolicName, version), sha256, size,
                required(json.name(), "name"), required(json.description(), "description"), exports, imports,
                required(json.source(), "source"), instant(required(json.added(), "added")));
        return new PackageRecord(info, capReqsFromJson(required(json.capabilities(), "capabilities"), "capabilities"),
                capReqsFromJson(required(json.requirements(), "requirements"), "requirements"),
                Boolean.TRUE.equals(json.development()));
    }

    private static List<CapReqJson> capReqsToJson(List<CapReqRecord> records) {
        List<CapReqJson> json = new ArrayList<>(records.size());
        for (CapReqRecord record : records) {
            json.add(new CapReqJson(record.namespace(), TypedAttributes.toStored(record.attributes()), record.directives()));
        }
        return json;
    }

    private static List<CapReqRecord> capReqsFromJson(List<CapReqJson> json, String field) {
        List<CapReqRecord> records = new ArrayList<>(json.size());
        for (CapReqJson item : json) {
            Map<String, String> directives = required(item.directives(), field + ".directives");
            for (Map.Entry<String, String> directive : directives.entrySet()) {
                required(directive.getValue(), field + ".directives." + directive.getKey());
            }
            records.add(new CapReqRecord(required(item.namespace(), field + ".namespace"),
                    TypedAttributes.fromStored(required(item.attributes(), field + ".attributes")), directives));
        }
        return records;
    }

    // -- in-use/<owner>.json

    record InUseJson(Integer format, String owner, List<InUsePackageJson> packages, List<String> builds) {
    }

    record InUsePackageJson(String symbolicName, String version) {
    }

    /**
     * What one owner uses.
     *
     * @param packages the packages
     * @param builds the SHA-256 of every build of them it uses; empty when the owner did not say,
     *        and then every build of its packages is kept
     */
    record InUse(List<PackageId> packages, Optional<Set<String>> builds) {
    }

    /** The bytes of {@code in-use/<owner>.json}; {@code builds} empty when the owner does not name them. */
    static byte[] writeInUse(String owner, Collection<PackageId> packages, Optional<? extends Collection<String>> builds) {
        List<InUsePackageJson> list = new ArrayList<>();
        for (PackageId id : packages) {
            list.add(new InUsePackageJson(id.symbolicName(), id.version().toString()));
        }
        List<String> shas = builds.<List<String>>map(b -> new ArrayList<>(new TreeSet<>(b))).orElse(null);
        try {
            return Json.MAPPER.writeValueAsBytes(new InUseJson(FORMAT, owner, list, shas));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the in-use record of " + owner + ": " + describe(e) + ".", e);
        }
    }

    /** Reads {@code in-use/<owner>.json}, refusing one over {@link #MAX_IN_USE_JSON_BYTES}. */
    static InUse readInUse(Path file) throws IOException {
        byte[] content = readBounded(file, MAX_IN_USE_JSON_BYTES);
        InUseJson json;
        try {
            json = Json.MAPPER.readValue(content, InUseJson.class);
        } catch (JsonProcessingException e) {
            throw new MalformedMetadataException(describe(e), e);
        }
        try {
            int format = required(json.format(), "format");
            if (format != FORMAT) {
                throw new IllegalArgumentException("it has format " + format + ", this version reads format " + FORMAT);
            }
            required(json.owner(), "owner");
            List<PackageId> ids = new ArrayList<>();
            for (InUsePackageJson item : required(json.packages(), "packages")) {
                ids.add(new PackageId(required(item.symbolicName(), "packages.symbolicName"),
                        version(required(item.version(), "packages.version"), "packages.version")));
            }
            Optional<Set<String>> builds = Optional.empty();
            if (json.builds() != null) {
                Set<String> shas = new TreeSet<>();
                for (String sha : json.builds()) {
                    if (sha == null || !SHA256.matcher(sha).matches()) {
                        throw new IllegalArgumentException("a build \"" + sha + "\" is not 64 lower-case hex digits");
                    }
                    shas.add(sha);
                }
                builds = Optional.of(Set.copyOf(shas));
            }
            return new InUse(ids, builds);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedMetadataException(e.getMessage(), e);
        }
    }

    /** Whether a text is a SHA-256 as the repository writes them: 64 lower-case hex digits. */
    static boolean isSha256(String text) {
        return text != null && SHA256.matcher(text).matches();
    }

    // -- shared

    /** Reads a whole file after checking its size, so an oversized file is refused before it is read. */
    static byte[] readBounded(Path file, long maxBytes) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new MalformedMetadataException("it is " + size + " bytes, more than the limit of " + maxBytes + " bytes");
        }
        byte[] content = Files.readAllBytes(file);
        if (content.length > maxBytes) {
            throw new MalformedMetadataException("it grew beyond the limit of " + maxBytes + " bytes while being read");
        }
        return content;
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("the field \"" + field + "\" is missing");
        }
        return value;
    }

    private static Version version(String text, String field) {
        try {
            return Version.parseVersion(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("its " + field + " \"" + text + "\" is not an OSGi version");
        }
    }

    private static VersionRange range(String text) {
        try {
            return new VersionRange(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the import range \"" + text + "\" is not an OSGi version range");
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("its added time \"" + text + "\" is not an ISO-8601 instant");
        }
    }
}
