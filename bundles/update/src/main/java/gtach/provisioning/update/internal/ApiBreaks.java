package gtach.provisioning.update.internal;

import aQute.bnd.differ.DiffPluginImpl;
import aQute.bnd.header.Parameters;
import aQute.bnd.osgi.Jar;
import aQute.bnd.osgi.Processor;
import aQute.bnd.osgi.Resource;
import aQute.bnd.service.diff.Delta;
import aQute.bnd.service.diff.Diff;
import aQute.bnd.service.diff.Tree;
import aQute.bnd.service.diff.Type;
import org.osgi.framework.Version;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * What a new JAR of a bundle breaks in the API of some of its exported packages, by bnd's baselining
 * ({@link DiffPluginImpl}): a change that needs a higher major version (a public class or member removed or
 * changed, an abstract method added to a type that consumers implement) under an export version that keeps
 * the major. bnd reads {@code @ProviderType} and {@code @ConsumerType} as its own baselining does.
 *
 * <p>Only the classes of the packages asked for are analysed: the whole of a large library (Jackson databind)
 * takes bnd seconds, one package a fraction of that. A member a class inherits from another package of the
 * same bundle is therefore not seen on either side. What a pair of JARs breaks is kept by their SHA-256, as a
 * JAR's content never changes under one hash: the apply of a request plans it again right after its dry run, and
 * the plan after a restart finds on disk ({@link KeptComparisons}) what was compared when the JAR was stored.
 * Thread-safe.
 */
final class ApiBreaks {

    /** How many compared pairs of JARs are kept: a request updates a few bundles, the next request others. */
    private static final int KEPT = 16;

    /** A part of a package's API that changed in a way that needs a major version. */
    enum Kind {
        REMOVED, CHANGED, ADDED
    }

    /**
     * One change that needs a major version.
     *
     * @param className the class's binary name with dots ({@code a.b.Outer$Inner}); empty for a change to the
     *        package as a whole
     * @param classType bnd's type of it: class, interface, enum or annotation
     * @param member the method ({@code rpm()}, {@code set(int,java.lang.String)}) or field, as bnd names it;
     *        empty for a change to the class itself
     * @param memberType {@link Type#METHOD} or {@link Type#FIELD}; null without a member
     */
    record Break(Kind kind, String className, Type classType, Optional<String> member, Type memberType) {

        /** As an operator reads it: {@code Tachometer.rpm()}, {@code Outer.Inner}. */
        String text() {
            String simple = simpleName(className);
            return member.map(m -> simple + "." + shortParameters(m)).orElse(simple);
        }

        private static String simpleName(String binaryName) {
            return binaryName.substring(binaryName.lastIndexOf('.') + 1).replace('$', '.');
        }

        private static String shortParameters(String method) {
            int open = method.indexOf('(');
            if (open < 0) {
                return method;
            }
            List<String> parameters = new ArrayList<>();
            String list = method.substring(open + 1, method.length() - 1);
            for (String p : list.isEmpty() ? new String[0] : list.split(",")) {
                parameters.add(simpleName(p));
            }
            return method.substring(0, open) + "(" + String.join(",", parameters) + ")";
        }
    }

    /**
     * The changes of one package that need a major version its new export version does not have.
     *
     * @param packageName the package
     * @param older its export version in the installed JAR
     * @param newer its export version in the new JAR
     * @param breaks what changed, in bnd's order (by class, then member)
     */
    record PackageBreaks(String packageName, Version older, Version newer, List<Break> breaks) {

        /** The lowest version the new export would need. */
        Version needed() {
            return new Version(older.getMajor() + 1, 0, 0);
        }
    }

    /** One comparison of a pair of JARs, of some of their packages. */
    private record Compared(String olderSha256, String newerSha256, SortedSet<String> packageNames) {

        boolean covers(String older, String newer, Set<String> names) {
            return olderSha256.equals(older) && newerSha256.equals(newer) && packageNames.containsAll(names);
        }
    }

    /**
     * A comparison still under way is waited for rather than made twice. One of more packages answers for fewer:
     * a plan leaves out the packages of consumers it replaces too, which the comparison made when the JAR was
     * stored could not know.
     */
    private final Map<Compared, CompletableFuture<List<PackageBreaks>>> compared = new LinkedHashMap<>(KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Compared, CompletableFuture<List<PackageBreaks>>> eldest) {
            return size() > KEPT;
        }
    };
    private final AtomicInteger analysed = new AtomicInteger();
    private final Optional<KeptComparisons> kept;

    /** Comparisons kept in memory only. */
    ApiBreaks() {
        this.kept = Optional.empty();
    }

    /** Comparisons kept in memory and on disk, so that a restart keeps them too. */
    ApiBreaks(KeptComparisons kept) {
        this.kept = Optional.of(kept);
    }

    /**
     * The packages among those named whose API the new JAR breaks without raising their major version. A
     * package the new JAR no longer exports, or exports at a higher major, is left to the resolver.
     *
     * @throws Exception when bnd cannot read a JAR
     */
    List<PackageBreaks> between(Path olderJar, String olderSha256, Path newerJar, String newerSha256,
            Collection<String> packageNames) throws Exception {
        SortedSet<String> names = new TreeSet<>(packageNames);
        Compared key = new Compared(olderSha256, newerSha256, names);
        CompletableFuture<List<PackageBreaks>> mine = new CompletableFuture<>();
        CompletableFuture<List<PackageBreaks>> earlier;
        synchronized (compared) {
            Optional<Compared> covering = compared.keySet().stream()
                    .filter(c -> c.covers(olderSha256, newerSha256, names)).findFirst();
            earlier = covering.map(compared::get).orElse(null);
            if (earlier == null) {
                compared.put(key, mine);
            }
        }
        if (earlier != null) {
            try {
                return earlier.get().stream().filter(p -> names.contains(p.packageName())).toList();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
        try {
            Optional<List<PackageBreaks>> read = kept.flatMap(k -> k.read(olderSha256, newerSha256, names));
            List<PackageBreaks> result = read.isPresent() ? read.get() : compare(olderJar, newerJar, names);
            if (read.isEmpty()) {
                kept.ifPresent(k -> k.write(olderSha256, newerSha256, names, result));
            }
            mine.complete(result);
            return result;
        } catch (Exception | Error e) {
            synchronized (compared) {
                compared.remove(key, mine);
            }
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** How many JARs bnd has analysed: what a comparison kept from before, in memory or on disk, does not count. */
    int analysed() {
        return analysed.get();
    }

    private List<PackageBreaks> compare(Path olderJar, Path newerJar, SortedSet<String> names) throws Exception {
        Analysed older = analyse(olderJar, names);
        Analysed newer = analyse(newerJar, names);
        List<PackageBreaks> result = new ArrayList<>();
        Diff api = newer.api().diff(older.api());
        for (String name : names) {
            Version from = older.exports().get(name);
            Version to = newer.exports().get(name);
            if (from == null || to == null || to.getMajor() > from.getMajor()) {
                continue;
            }
            Diff diff = api.get(name);
            if (diff == null || effective(diff) != Delta.MAJOR) {
                continue;
            }
            result.add(new PackageBreaks(name, from, to, breaksIn(diff)));
        }
        return List.copyOf(result);
    }

    /** The JAR's API and export versions of the named packages. */
    private Analysed analyse(Path file, SortedSet<String> names) throws Exception {
        analysed.incrementAndGet();
        try (Jar jar = new Jar(file.toFile())) {
            Map<String, Version> exports = exports(jar.getManifest(), names);
            return new Analysed(apiOf(jar, exports.keySet()), exports);
        }
    }

    private record Analysed(Tree api, Map<String, Version> exports) {
    }

    /** bnd's API tree of a JAR holding only the classes of the packages, exported as the original exports them. */
    private static Tree apiOf(Jar jar, Set<String> packageNames) throws Exception {
        try (Jar part = new Jar("api")) {
            for (String name : packageNames) {
                Map<String, Resource> directory = jar.getDirectory(name.replace('.', '/'));
                if (directory != null) {
                    directory.forEach(part::putResource);
                }
            }
            Parameters exports = new Parameters(jar.getManifest().getMainAttributes().getValue("Export-Package"));
            Parameters kept = new Parameters();
            exports.forEach((name, attrs) -> {
                if (packageNames.contains(Processor.removeDuplicateMarker(name))) {
                    kept.put(name, attrs);
                }
            });
            Manifest manifest = new Manifest();
            Attributes main = manifest.getMainAttributes();
            main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            main.putValue("Bundle-ManifestVersion", "2");
            main.putValue("Bundle-SymbolicName", "api");
            if (!kept.isEmpty()) {
                main.putValue("Export-Package", kept.toString());
            }
            part.setManifest(manifest);
            return new DiffPluginImpl().tree(part).get("<api>");
        }
    }

    /** The export version of each named package the manifest exports. */
    private static Map<String, Version> exports(Manifest manifest, Set<String> names) {
        Map<String, Version> versions = new TreeMap<>();
        String header = manifest == null ? null : manifest.getMainAttributes().getValue("Export-Package");
        if (header == null) {
            return versions;
        }
        new Parameters(header).forEach((key, attrs) -> {
            String name = Processor.removeDuplicateMarker(key);
            if (names.contains(name)) {
                versions.put(name, Version.parseVersion(attrs.getVersion() == null ? "0" : attrs.getVersion()));
            }
        });
        return versions;
    }

    /** The classes and members whose change makes the package's change major. */
    private static List<Break> breaksIn(Diff pkg) {
        List<Break> breaks = new ArrayList<>();
        for (Diff type : pkg.getChildren()) {
            if (!isType(type.getType()) || effective(type) != Delta.MAJOR) {
                continue;
            }
            if (type.getDelta() == Delta.REMOVED) {
                breaks.add(new Break(Kind.REMOVED, type.getName(), type.getType(), Optional.empty(), null));
                continue;
            }
            int before = breaks.size();
            for (Diff member : type.getChildren()) {
                if ((member.getType() == Type.METHOD || member.getType() == Type.FIELD) && effective(member) == Delta.MAJOR) {
                    Kind kind = member.getDelta() == Delta.REMOVED ? Kind.REMOVED
                            : member.getDelta() == Delta.ADDED ? Kind.ADDED : Kind.CHANGED;
                    breaks.add(new Break(kind, type.getName(), type.getType(), Optional.of(member.getName()), member.getType()));
                }
            }
            if (breaks.size() == before) {
                // the class itself: made final, another superclass, an interface less
                breaks.add(new Break(Kind.CHANGED, type.getName(), type.getType(), Optional.empty(), null));
            }
        }
        if (breaks.isEmpty()) {
            breaks.add(new Break(Kind.CHANGED, "", Type.PACKAGE, Optional.empty(), null));
        }
        return breaks;
    }

    private static boolean isType(Type type) {
        return type == Type.CLASS || type == Type.INTERFACE || type == Type.ENUM || type == Type.ANNOTATION;
    }

    /** The delta as bnd weighs it for the parent: what removing or adding this element means. */
    private static Delta effective(Diff diff) {
        return switch (diff.getDelta()) {
            case REMOVED -> diff.getOlder().ifRemoved();
            case ADDED -> diff.getNewer().ifAdded();
            default -> diff.getDelta();
        };
    }
}
