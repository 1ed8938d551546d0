package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.PackageId;

import java.nio.file.Path;

/**
 * Where each part of a repository lives under its root directory.
 *
 * <pre>
 * packages/&lt;symbolic-name&gt;/&lt;version&gt;/bundle.jar and package.json
 * packages/&lt;symbolic-name&gt;/&lt;version&gt;/builds/&lt;sha256&gt;.jar   superseded builds of an unreleased package, kept while in use
 * packages/&lt;symbolic-name&gt;/&lt;version&gt;/bundle.jar.new, package.json.new   a rebuild being put in place
 * index.json, generation, .lock
 * in-use/&lt;owner&gt;.json
 * quarantine/&lt;symbolic-name&gt;/&lt;version&gt;-&lt;timestamp&gt;/
 * tmp/
 * tmp/&lt;sha256 of a URL&gt;.download   an interrupted download, resumed by the next one of that URL
 * remotes/&lt;remote&gt;/last-release.json, index.xml.gz, last-release.validators   what gtach:fetch verified (RemoteFetch)
 * remotes/&lt;remote&gt;/incoming/   a remote's JAR while it is checked and added
 * remotes/&lt;remote&gt;/incoming/&lt;sha256 of the URL&gt;.download, .validator   an interrupted download, resumed by the next one (HttpFetcher)
 * </pre>
 */
final class StoreLayout {

    static final String BUNDLE_FILE = "bundle.jar";
    static final String METADATA_FILE = "package.json";
    static final String BUILDS = "builds";
    static final String NEW_SUFFIX = ".new";

    private final Path root;

    StoreLayout(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path packages() {
        return root.resolve("packages");
    }

    Path index() {
        return root.resolve("index.json");
    }

    Path generation() {
        return root.resolve("generation");
    }

    Path lockFile() {
        return root.resolve(".lock");
    }

    Path inUse() {
        return root.resolve("in-use");
    }

    Path quarantine() {
        return root.resolve("quarantine");
    }

    Path tmp() {
        return root.resolve("tmp");
    }

    Path nameDirectory(String symbolicName) {
        return packages().resolve(symbolicName);
    }

    Path packageDirectory(PackageId id) {
        return nameDirectory(id.symbolicName()).resolve(id.version().toString());
    }

    Path bundleFile(PackageId id) {
        return packageDirectory(id).resolve(BUNDLE_FILE);
    }

    Path metadataFile(PackageId id) {
        return packageDirectory(id).resolve(METADATA_FILE);
    }

    /** Where the superseded builds of an unreleased package are kept. */
    Path buildsDirectory(PackageId id) {
        return packageDirectory(id).resolve(BUILDS);
    }

    /** A superseded build of a package, by the SHA-256 of its JAR. */
    Path buildFile(PackageId id, String sha256) {
        return buildsDirectory(id).resolve(sha256 + ".jar");
    }
}
