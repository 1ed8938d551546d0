package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.PackageId;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The packages owners marked in use, one file {@code in-use/<owner>.json} per owner, with the
 * builds of them an owner names (so that a superseded build of an unreleased package is kept only
 * while someone uses it). Read afresh each time: the files are few and small, and another process
 * may have changed them.
 */
final class InUseRecords {

    private static final String SUFFIX = ".json";

    private final StoreLayout layout;

    InUseRecords(StoreLayout layout) {
        this.layout = layout;
    }

    /**
     * What every owner uses: each package with its owners in name order, and which builds of them
     * must be kept.
     *
     * @param owners every package in use, with its owners
     * @param builds the builds (SHA-256) owners named
     * @param everyBuild packages an owner uses without naming builds: every build of them is kept
     */
    record Uses(Map<PackageId, SortedSet<String>> owners, Set<String> builds, Set<PackageId> everyBuild) {

        /** Whether a build of a package must be kept: an owner named it, or uses the package without naming builds. */
        boolean needs(PackageId id, String sha256) {
            return builds.contains(sha256) || everyBuild.contains(id);
        }
    }

    /**
     * Every package in use, with its owners in name order.
     *
     * @throws MalformedMetadataException when an owner's file is unusable, naming the file
     */
    Map<PackageId, SortedSet<String>> owners() throws IOException {
        return read().owners();
    }

    /**
     * Everything the owners recorded.
     *
     * @throws MalformedMetadataException when an owner's file is unusable, naming the file
     */
    Uses read() throws IOException {
        Map<PackageId, SortedSet<String>> owners = new HashMap<>();
        Set<String> builds = new HashSet<>();
        Set<PackageId> everyBuild = new HashSet<>();
        if (!Files.isDirectory(layout.inUse())) {
            return new Uses(owners, builds, everyBuild);
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(layout.inUse(), "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String owner = name.substring(0, name.length() - SUFFIX.length());
                try {
                    MetadataFormat.InUse uses = MetadataFormat.readInUse(file);
                    for (PackageId id : uses.packages()) {
                        owners.computeIfAbsent(id, key -> new TreeSet<>()).add(owner);
                    }
                    if (uses.builds().isPresent()) {
                        builds.addAll(uses.builds().get());
                    } else {
                        everyBuild.addAll(uses.packages());
                    }
                } catch (MalformedMetadataException e) {
                    throw new MalformedMetadataException("in-use/" + name + " is unusable (" + e.getMessage() + ")", e);
                }
            }
        }
        return new Uses(owners, builds, everyBuild);
    }

    /**
     * Replaces what an owner uses; an owner using nothing has no file.
     *
     * @param builds the SHA-256 of the builds it uses; empty when it does not name them
     */
    void write(String owner, Collection<PackageId> packages, Optional<? extends Collection<String>> builds) throws IOException {
        Path file = layout.inUse().resolve(owner + SUFFIX);
        if (packages.isEmpty()) {
            Files.deleteIfExists(file);
            DurableFiles.forceDirectory(layout.inUse());
            return;
        }
        Files.createDirectories(layout.inUse());
        DurableFiles.replace(file, layout.tmp(), MetadataFormat.writeInUse(owner, new LinkedHashSet<>(packages), builds));
    }

    /** Owners as a phrase: {@code update}, {@code shell and update}, {@code a, b and c}. */
    static String describe(Collection<String> owners) {
        String[] names = owners.toArray(new String[0]);
        if (names.length == 1) {
            return names[0];
        }
        return String.join(", ", Arrays.copyOf(names, names.length - 1)) + " and " + names[names.length - 1];
    }
}
