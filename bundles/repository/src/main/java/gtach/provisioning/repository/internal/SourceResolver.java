package gtach.provisioning.repository.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Turns what an operator names as a source into the JARs to add: a JAR file, a directory of JARs
 * (not recursive, in name order), an {@code http}/{@code https} URL, or {@code mvn:} coordinates
 * in the local Maven repository. A source that names nothing readable is refused with an
 * {@link IllegalArgumentException} of one sentence before anything is copied.
 */
final class SourceResolver {

    private final Path localMavenRepository;
    private final HttpFetcher http;
    private final Supplier<List<MavenBase>> mavenRemotes;

    SourceResolver(Path localMavenRepository, HttpFetcher http) {
        this(localMavenRepository, http, List::of);
    }

    /**
     * @param mavenRemotes the Maven repositories (base URLs and credentials), in the order to ask them, for an {@code mvn:} source the
     *        local Maven repository lacks, and for version ranges, {@code LATEST} and {@code RELEASE};
     *        asked once per source, so remotes configured later are used
     */
    SourceResolver(Path localMavenRepository, HttpFetcher http, Supplier<List<MavenBase>> mavenRemotes) {
        this.localMavenRepository = localMavenRepository;
        this.http = http;
        this.mavenRemotes = mavenRemotes;
    }

    /** {@code progress} hears how a download advances. */
    List<JarSource> resolve(String source, Consumer<String> progress) {
        String trimmed = source.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException(
                    "Cannot add an empty source: name a JAR, a directory, a URL or mvn:group/artifact/version.");
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return List.of(url(trimmed, progress));
        }
        if (lower.startsWith(MavenCoordinate.SCHEME)) {
            return List.of(maven(trimmed, progress));
        }
        Path path;
        try {
            path = lower.startsWith("file:") ? Path.of(new URI(trimmed)) : Path.of(trimmed);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot add " + source + ": it is not a valid path (" + e.getMessage()
                    + "); nothing was changed.", e);
        }
        return files(source, path.toAbsolutePath().normalize());
    }

    private JarSource url(String text, Consumer<String> progress) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Cannot add " + text + ": it is not a valid URL (" + e.getReason()
                    + "); nothing was changed.", e);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("Cannot add " + text + ": the URL names no host; nothing was changed.");
        }
        return new JarSource(text, text, text, (target, maxBytes) -> http.download(uri, target, maxBytes, progress));
    }

    private JarSource maven(String text, Consumer<String> progress) {
        List<MavenBase> bases = mavenRemotes.get();
        if (!bases.isEmpty()) {
            List<MavenRemote> remotes = bases.stream().map(base -> new MavenRemote(base.base(), http.forRemote(base))).toList();
            MavenRequest request = MavenRequest.parse(text);
            if (request.selects() || !Files.isRegularFile(request.coordinate().path(localMavenRepository))) {
                return new JarSource(text, text, text, MavenRemote.firstOf(remotes, request, progress));
            }
        }
        MavenCoordinate coordinate = MavenCoordinate.parse(text);
        Path file = coordinate.path(localMavenRepository);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Cannot add " + text + ": it is not in the local Maven repository (looked at "
                    + file + "); nothing was changed.");
        }
        return new JarSource(text, text, text, copyOf(file));
    }

    private List<JarSource> files(String source, Path path) {
        if (Files.isDirectory(path)) {
            List<Path> jars = jarsIn(source, path);
            if (jars.isEmpty()) {
                throw new IllegalArgumentException("Cannot add " + source + ": no .jar files in " + path
                        + "; nothing was changed.");
            }
            List<JarSource> sources = new ArrayList<>(jars.size());
            for (Path jar : jars) {
                sources.add(file(jar.toString(), jar));
            }
            return sources;
        }
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("Cannot add " + source + ": no such file or directory (" + path
                    + "); nothing was changed.");
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("Cannot add " + source
                    + ": it is neither a file nor a directory; nothing was changed.");
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("Cannot add " + source
                    + ": it cannot be read (permission denied); nothing was changed.");
        }
        return List.of(file(source, path));
    }

    private static List<Path> jarsIn(String source, Path directory) {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.toLowerCase(Locale.ROOT).endsWith(".jar") && Files.isRegularFile(entry)) {
                    jars.add(entry);
                }
            }
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("Cannot add " + source + ": the directory cannot be read (permission denied);"
                    + " nothing was changed.", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot add " + source + ": the directory cannot be read ("
                    + IoErrorText.describe(e) + "); nothing was changed.", e);
        }
        jars.sort(null);
        return jars;
    }

    private static JarSource file(String origin, Path file) {
        return new JarSource(origin, String.valueOf(file.getFileName()), file.toUri().toString(), copyOf(file));
    }

    private static JarSource.Fetch copyOf(Path file) {
        return (target, maxBytes) -> {
            InputStream in;
            try {
                in = Files.newInputStream(file);
            } catch (AccessDeniedException e) {
                throw new Refusal("it cannot be read (permission denied)", e);
            } catch (NoSuchFileException e) {
                throw new Refusal("it disappeared before it could be read", e);
            } catch (IOException e) {
                throw new Refusal("it cannot be read (" + IoErrorText.describe(e) + ")", e);
            }
            try (InputStream source = new SourceStream(in)) {
                return DurableFiles.copy(source, target, maxBytes);
            } catch (SourceStream.ReadFailure e) {
                throw new Refusal("it cannot be read (" + e.getMessage() + ")", e);
            } catch (DurableFiles.TooLargeException e) {
                throw new Refusal("it is larger than " + Sizes.describe(maxBytes), e);
            }
        };
    }
}
