package gtach.provisioning.update.internal;

import aQute.bnd.service.diff.Type;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.osgi.framework.Version;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The API comparisons of pairs of JARs kept on disk, in {@code <home>/cache/api-baseline/}, one file per pair named by
 * their SHA-256: a restart between the add that compared a pair and the plan that wants it would otherwise make the
 * plan compare it again, cold. A JAR's content never changes under its hash, so a kept comparison is never stale; a
 * file that cannot be read whole is taken as absent and written again. Only the newest {@link #KEPT} files stay.
 */
final class KeptComparisons {

    static final int KEPT = 64;
    private static final int FORMAT = 1;
    /** A write takes milliseconds: a temporary file this old was left by a runtime that stopped while writing it. */
    private static final long ABANDONED_AFTER_MS = 60_000;

    /**
     * Atomic, not durable: a comparison lost to a power cut is made again. Not counted as a transaction's steps either,
     * since these writes come from a thread of their own at any time.
     */
    private static final DurableFiles FILES = new DurableFiles(DurableFiles.Listener.NONE);

    private final Path directory;

    KeptComparisons(Path directory) {
        this.directory = directory;
    }

    /** What the kept comparison of the pair found in the named packages, if one of them all is kept. */
    Optional<List<ApiBreaks.PackageBreaks>> read(String olderSha256, String newerSha256, Set<String> names) {
        Optional<Path> file = fileOf(olderSha256, newerSha256);
        if (file.isEmpty() || !Files.isRegularFile(file.get())) {
            return Optional.empty();
        }
        try {
            JsonNode root = Json.MAPPER.readTree(file.get().toFile());
            if (root.path("format").asInt() != FORMAT || !olderSha256.equals(root.path("older").asText())
                    || !newerSha256.equals(root.path("newer").asText())) {
                return Optional.empty();
            }
            SortedSet<String> compared = new TreeSet<>();
            root.path("packages").forEach(p -> compared.add(p.asText()));
            if (!compared.containsAll(names)) {
                return Optional.empty();
            }
            List<ApiBreaks.PackageBreaks> found = new ArrayList<>();
            for (JsonNode p : root.path("breaks")) {
                String name = p.path("package").asText();
                if (names.contains(name)) {
                    found.add(packageBreaks(p));
                }
            }
            return Optional.of(List.copyOf(found));
        } catch (IOException | RuntimeException e) {
            // cut short or not ours: compared again, and written again
            return Optional.empty();
        }
    }

    /** Keeps what a comparison of the pair found in the named packages, in place of what was kept of the pair. */
    void write(String olderSha256, String newerSha256, Set<String> names, List<ApiBreaks.PackageBreaks> found) {
        Optional<Path> file = fileOf(olderSha256, newerSha256);
        if (file.isEmpty()) {
            return;
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("older", olderSha256);
        root.put("newer", newerSha256);
        ArrayNode packages = root.putArray("packages");
        new TreeSet<>(names).forEach(packages::add);
        ArrayNode breaks = root.putArray("breaks");
        for (ApiBreaks.PackageBreaks p : found) {
            ObjectNode node = breaks.addObject();
            node.put("package", p.packageName());
            node.put("older", p.older().toString());
            node.put("newer", p.newer().toString());
            ArrayNode changes = node.putArray("changes");
            for (ApiBreaks.Break b : p.breaks()) {
                ObjectNode change = changes.addObject();
                change.put("kind", b.kind().name());
                change.put("class", b.className());
                change.put("classType", b.classType().name());
                b.member().ifPresent(m -> change.put("member", m));
                if (b.memberType() != null) {
                    change.put("memberType", b.memberType().name());
                }
            }
        }
        try {
            FILES.writeHint(file.get(), Json.MAPPER.writeValueAsBytes(root));
            keepNewest();
        } catch (IOException | RuntimeException e) {
            // a cache: the plan has its answer, and a later plan compares the pair again
        }
    }

    private static ApiBreaks.PackageBreaks packageBreaks(JsonNode p) {
        List<ApiBreaks.Break> breaks = new ArrayList<>();
        for (JsonNode c : p.path("changes")) {
            breaks.add(new ApiBreaks.Break(ApiBreaks.Kind.valueOf(c.path("kind").asText()), c.path("class").asText(),
                    Type.valueOf(c.path("classType").asText()),
                    c.hasNonNull("member") ? Optional.of(c.get("member").asText()) : Optional.empty(),
                    c.hasNonNull("memberType") ? Type.valueOf(c.get("memberType").asText()) : null));
        }
        if (breaks.isEmpty()) {
            throw new IllegalArgumentException("a package kept without its changes");
        }
        return new ApiBreaks.PackageBreaks(p.path("package").asText(), Version.parseVersion(p.path("older").asText()),
                Version.parseVersion(p.path("newer").asText()), List.copyOf(breaks));
    }

    /**
     * Deletes all but the newest kept files (each update compares one pair, and no plan wants an old pair again), and
     * what a write cut short by a crash left behind.
     */
    private void keepNewest() throws IOException {
        FileTime abandoned = FileTime.fromMillis(System.currentTimeMillis() - ABANDONED_AFTER_MS);
        try (DirectoryStream<Path> written = Files.newDirectoryStream(directory, ".*.json.tmp")) {
            for (Path tmp : written) {
                if (modified(tmp).compareTo(abandoned) < 0) {
                    Files.deleteIfExists(tmp);
                }
            }
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> kept = Files.newDirectoryStream(directory, "*.json")) {
            kept.forEach(files::add);
        }
        if (files.size() <= KEPT) {
            return;
        }
        files.sort(Comparator.comparing(KeptComparisons::modified).reversed());
        for (Path old : files.subList(KEPT, files.size())) {
            Files.deleteIfExists(old);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Empty for what is not a hash: nothing else may make a file name here. */
    private Optional<Path> fileOf(String olderSha256, String newerSha256) {
        if (!olderSha256.matches("[0-9a-f]{64}") || !newerSha256.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        return Optional.of(directory.resolve(olderSha256 + "-" + newerSha256 + ".json"));
    }

    /** Made on first use: Jackson's data binding costs the boot time it is not needed in. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
