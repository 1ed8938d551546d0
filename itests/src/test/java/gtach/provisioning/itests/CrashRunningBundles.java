package gtach.provisioning.itests;

import gtach.provisioning.itests.GtachProcess.Result;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The managed bundles a running runtime holds: {@code lb -l} gives id, state, location and
 * version; the JAR Felix keeps for each gives the SHA-256.
 */
final class CrashRunningBundles {

    static final String MANAGED_LOCATION = "gtach:app:";

    /** {@code    27|Active     |    2|gtach:app:crash.lib|1.0.0}. */
    private static final Pattern ROW = Pattern.compile("\\s*(\\d+)\\|(\\w+)\\s*\\|\\s*(\\d+)\\|(.*)\\|(\\S+)\\s*");
    private static final Pattern REVISION = Pattern.compile("version(\\d+)\\.(\\d+)");

    private CrashRunningBundles() {
    }

    static List<CrashBundle> read(GtachProcess runtime, Path home) throws IOException, InterruptedException {
        Result lb = runtime.cmd("lb -l");
        if (lb.status() != 0) {
            throw new AssertionError("lb -l failed with " + lb.status() + ":\n" + lb.out());
        }
        List<CrashBundle> running = new ArrayList<>();
        for (String line : lb.out().lines().toList()) {
            Matcher row = ROW.matcher(line);
            if (row.matches() && row.group(4).startsWith(MANAGED_LOCATION)) {
                long id = Long.parseLong(row.group(1));
                running.add(new CrashBundle(row.group(4).substring(MANAGED_LOCATION.length()), row.group(5),
                        sha256(jar(home, id)), row.group(2).equals("Active"), Integer.parseInt(row.group(3))));
            }
        }
        return running;
    }

    /** The bundle JAR of the newest revision Felix keeps: {@code framework/bundle<id>/version<r>.<n>/bundle.jar}. */
    static Path jar(Path home, long id) throws IOException {
        Path bundle = home.resolve("framework/bundle" + id);
        try (Stream<Path> revisions = Files.list(bundle)) {
            return revisions.filter(p -> REVISION.matcher(p.getFileName().toString()).matches())
                    .max(Comparator.comparing((Path p) -> revision(p, 1)).thenComparing(p -> revision(p, 2)))
                    .map(p -> p.resolve("bundle.jar"))
                    .orElseThrow(() -> new AssertionError("Felix keeps no revision of bundle " + id + " in " + bundle));
        }
    }

    private static long revision(Path directory, int group) {
        Matcher matcher = REVISION.matcher(directory.getFileName().toString());
        matcher.matches();
        return Long.parseLong(matcher.group(group));
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
