package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.PackageId;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The packages owners marked in use, one file {@code in-use/<owner>.json} per owner. Read afresh
 * each time: the files are few and small, and another process may have changed them.
 */
final class InUseRecords {

    private static final String SUFFIX = ".json";

    private final StoreLayout layout;

    InUseRecords(StoreLayout layout) {
        this.layout = layout;
    }

    /**
     * Every package in use, with its owners in name order.
     *
     * @throws MalformedMetadataException when an owner's file is unusable, naming the file
     */
    Map<PackageId, SortedSet<String>> owners() throws IOException {
        Map<PackageId, SortedSet<String>> owners = new HashMap<>();
        if (!Files.isDirectory(layout.inUse())) {
            return owners;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(layout.inUse(), "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String owner = name.substring(0, name.length() - SUFFIX.length());
                try {
                    for (PackageId id : MetadataFormat.readInUse(file)) {
                        owners.computeIfAbsent(id, key -> new TreeSet<>()).add(owner);
                    }
                } catch (MalformedMetadataException e) {
                    throw new MalformedMetadataException("in-use/" + name + " is unusable (" + e.getMessage() + ")", e);
                }
            }
        }
        return owners;
    }

    /** Replaces what an owner uses; an owner using nothing has no file. */
    void write(String owner, Collection<PackageId> packages) throws IOException {
        Path file = layout.inUse().resolve(owner + SUFFIX);
        if (packages.isEmpty()) {
            Files.deleteIfExists(file);
            DurableFiles.forceDirectory(layout.inUse());
            return;
        }
        Files.createDirectories(layout.inUse());
        DurableFiles.replace(file, layout.tmp(), MetadataFormat.writeInUse(owner, new LinkedHashSet<>(packages)));
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
