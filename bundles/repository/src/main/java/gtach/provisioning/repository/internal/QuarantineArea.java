package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.PackageId;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code quarantine/<symbolic-name>/<version>-<timestamp>/}: packages moved out of the repository,
 * never deleted, each with a {@code reason.txt} saying why, so that a later lookup of the package
 * can explain its absence rather than claim it was never there.
 */
final class QuarantineArea {

    static final String REASON_FILE = "reason.txt";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final DateTimeFormatter READABLE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");
    private static final Pattern ENTRY = Pattern.compile("(.+)-(\\d{8}T\\d{6}Z)(?:-\\d+)?");

    private final StoreLayout layout;

    QuarantineArea(StoreLayout layout) {
        this.layout = layout;
    }

    /** Moves a package directory here with one rename and records why; returns where it now is. */
    Path move(DirectoryScan.PackageDirectory directory, String reason) throws IOException {
        Path parent = layout.quarantine().resolve(directory.symbolicName());
        String base = directory.version() + "-" + TIMESTAMP.format(ZonedDateTime.now(ZoneOffset.UTC));
        Path target = parent.resolve(base);
        for (int suffix = 2; Files.exists(target); suffix++) {
            target = parent.resolve(base + "-" + suffix);
        }
        Files.createDirectories(parent);
        DurableFiles.moveAtomically(directory.path(), target);
        // after the move: a reason that cannot be written must not keep a corrupt package in the repository
        DurableFiles.writeNew(target.resolve(REASON_FILE), reason.getBytes(StandardCharsets.UTF_8));
        return target;
    }

    /**
     * Why a package is in quarantine, when it is: the latest time it was moved there, why, where
     * its files are and how to bring it back, as one sentence.
     */
    Optional<String> explain(PackageId id) throws IOException {
        Path parent = layout.quarantine().resolve(id.symbolicName());
        String version = id.version().toString();
        Path latest = null;
        String latestTime = "";
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
            for (Path entry : entries) {
                Matcher matcher = ENTRY.matcher(entry.getFileName().toString());
                if (matcher.matches() && matcher.group(1).equals(version) && matcher.group(2).compareTo(latestTime) >= 0) {
                    latest = entry;
                    latestTime = matcher.group(2);
                }
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (latest == null) {
            return Optional.empty();
        }
        return Optional.of(id + " was moved to quarantine" + when(latestTime) + because(latest) + "; its files are in "
                + latest + "; to restore it, store its original JAR again with gtach:add.");
    }

    private static String when(String timestamp) {
        try {
            return " on " + READABLE.format(LocalDateTime.parse(timestamp, TIMESTAMP));
        } catch (DateTimeParseException e) {
            return "";
        }
    }

    private static String because(Path entry) {
        try {
            String reason = Files.readString(entry.resolve(REASON_FILE), StandardCharsets.UTF_8).strip();
            return reason.isEmpty() ? "" : " because " + reason;
        } catch (IOException e) {
            // quarantined before reasons were recorded, or the file is unreadable: when and where still help
            return "";
        }
    }
}
