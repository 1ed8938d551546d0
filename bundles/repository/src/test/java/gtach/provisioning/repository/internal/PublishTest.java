package gtach.provisioning.repository.internal;

import aQute.bnd.osgi.repository.XMLResourceParser;
import gtach.provisioning.repository.remote.Channel;
import gtach.provisioning.repository.remote.ReleaseMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.resource.Resource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class PublishTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int gtach(String... args) {
        out.reset();
        err.reset();
        return PublishCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8).trim();
    }

    @Test
    void keygenThenPublishWritesAnIndexBndReadsAndASignedRelease() throws Exception {
        // Given a key and two bundles
        assertThat(gtach("keygen", "release", "--to", dir.toString())).isEqualTo(0);
        Path key = dir.resolve("release.key");
        SigningKey pinned = SigningKey.read(dir.resolve("release.pub"), false);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        }
        Path jars = dir.resolve("in");
        TestBundle.named("tach", "1.0.0").exports("gtach.tach;version=1.0.0").writeTo(jars.resolve("tach.jar"));
        TestBundle.named("display", "2.1.0").imports("gtach.tach;version=\"[1.0,2)\"").writeTo(jars.resolve("display.jar"));
        Path site = dir.resolve("site");

        // When they are published
        int status = gtach("publish", jars.toString(), "--to", site.toString(), "--key", key.toString());

        // Then release 1 is signed, verifies with the public key and signs the index
        assertThat(status).as(err()).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Published release 1 to " + site + ": 2 JAR(s) added");
        ReleaseMetadata release = ReleaseTrust.verify(Files.readAllBytes(site.resolve("release.json")), List.of(pinned), 0, Instant.now());
        assertThat(release.counter()).isEqualTo(1);
        assertThat(release.indexPath()).isEqualTo("index-1.xml.gz");
        ReleaseTrust.checkIndex(release, DurableFiles.hash(site.resolve(release.indexPath())));
        assertThat(Files.readAllBytes(site.resolve("index.xml.gz"))).isEqualTo(Files.readAllBytes(site.resolve("index-1.xml.gz")));

        // and bnd's own parser and ours read the same identities, hashes and sizes, matching the JARs
        List<RemoteIndexEntry> ours = readIndex(site);
        List<Resource> bnds = XMLResourceParser.getResources(site.resolve("index.xml.gz").toFile());
        assertThat(ours).extracting(RemoteIndexEntry::symbolicName).containsExactly("display", "tach");
        assertThat(bnds).hasSize(2);
        for (int i = 0; i < 2; i++) {
            Map<String, Object> identity = bnds.get(i).getCapabilities("osgi.identity").get(0).getAttributes();
            Map<String, Object> content = bnds.get(i).getCapabilities("osgi.content").get(0).getAttributes();
            RemoteIndexEntry entry = ours.get(i);
            assertThat(identity.get("osgi.identity")).isEqualTo(entry.symbolicName());
            assertThat(identity.get("version")).isEqualTo(entry.version());
            assertThat(content.get("osgi.content")).isEqualTo(entry.sha256());
            assertThat(content.get("size")).isEqualTo(entry.size());
            Path published = site.resolve(entry.url());
            assertThat(DurableFiles.hash(published)).isEqualTo(new DurableFiles.Content(entry.sha256(), entry.size()));
            assertThat(entry.url()).isEqualTo("jars/" + entry.symbolicName() + "-" + entry.version() + "-"
                    + entry.sha256().substring(0, 12) + ".jar");
            assertThat(bnds.get(i).getRequirements(null)).hasSameSizeAs(entry.requirements());
        }
        assertThat(ours.get(0).requirements()).anySatisfy(r -> assertThat(r.directives().get("filter"))
                .contains("osgi.wiring.package=gtach.tach"));
        assertThat(ours.get(1).capabilities()).anySatisfy(c -> assertThat(c.namespace()).isEqualTo("osgi.wiring.package"));
    }

    @Test
    void publishingAgainAddsToThePreviousReleaseAndRaisesTheCounter() throws Exception {
        // Given release 1 with tach 1.0.0
        Path key = newKey();
        Path site = dir.resolve("site");
        Path first = TestBundle.named("tach", "1.0.0").writeTo(dir.resolve("a/tach-1.0.0.jar"));
        assertThat(gtach("publish", first.toString(), "--to", site.toString(), "--key", key.toString())).isEqualTo(0);

        // When tach 1.1.0 is published, along with 1.0.0 again (identical content is fine)
        Path second = TestBundle.named("tach", "1.1.0").writeTo(dir.resolve("b/tach-1.1.0.jar"));
        int status = gtach("publish", second.toString(), first.toString(), "--to", site.toString(), "--key", key.toString());

        // Then release 2 keeps 1.0.0 and adds 1.1.0
        assertThat(status).as(err()).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Published release 2", "1 JAR(s) added, 1 already published, 2 in the index");
        ReleaseMetadata release = ReleaseTrust.verify(Files.readAllBytes(site.resolve("release.json")),
                List.of(SigningKey.read(key, true).publicOnly()), 1, Instant.now());
        assertThat(release.counter()).isEqualTo(2);
        assertThat(readIndex(site)).extracting(e -> e.symbolicName() + " " + e.version())
                .containsExactly("tach 1.0.0", "tach 1.1.0");
        assertThat(Files.exists(site.resolve("index-1.xml.gz"))).isTrue();
        assertThat(hiddenFiles(site)).isEmpty();
    }

    @Test
    void releasesPublishedWithinOneSecondDifferInTheTimeStaticServersMakeValidatorsFrom() throws Exception {
        // Given release 1 with tach 1.0.0
        Path key = newKey();
        Path site = dir.resolve("site");
        Path jar = TestBundle.named("tach", "1.0.0").writeTo(dir.resolve("a/tach-1.0.0.jar"));
        assertThat(gtach("publish", jar.toString(), "--to", site.toString(), "--key", key.toString())).isEqualTo(0);
        Instant first = Files.getLastModifiedTime(site.resolve("release.json")).toInstant();

        // When two more releases follow at once (a channel moved and withdrawn: the same size each time)
        assertThat(gtach("publish", jar.toString(), "--to", site.toString(), "--key", key.toString())).isEqualTo(0);
        Instant second = Files.getLastModifiedTime(site.resolve("release.json")).toInstant();
        assertThat(gtach("publish", jar.toString(), "--to", site.toString(), "--key", key.toString())).isEqualTo(0);
        Instant third = Files.getLastModifiedTime(site.resolve("release.json")).toInstant();

        // Then each release.json is dated at least a whole second after the one it replaced, so that nginx's ETag and
        // Last-Modified (seconds and size) change with it, and no conditional request is answered 304 for a new release
        assertThat(second.truncatedTo(ChronoUnit.SECONDS)).isAfterOrEqualTo(first.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
        assertThat(third.truncatedTo(ChronoUnit.SECONDS)).isAfterOrEqualTo(second.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
    }

    @Test
    void aSameVersionWithOtherContentIsRefusedAndNothingChanges() throws Exception {
        // Given release 1 with tach 1.0.0
        Path key = newKey();
        Path site = dir.resolve("site");
        Path first = TestBundle.named("tach", "1.0.0").content("one").writeTo(dir.resolve("a/tach.jar"));
        assertThat(gtach("publish", first.toString(), "--to", site.toString(), "--key", key.toString())).isEqualTo(0);
        Map<String, String> before = snapshot(site);

        // When another build of tach 1.0.0 is published beside a new bundle
        Path other = TestBundle.named("tach", "1.0.0").content("two").writeTo(dir.resolve("b/tach.jar"));
        Path extra = TestBundle.named("extra", "1.0.0").writeTo(dir.resolve("b/extra.jar"));
        int status = gtach("publish", extra.toString(), other.toString(), "--to", site.toString(), "--key", key.toString());

        // Then it is refused in one sentence and the site is byte for byte as it was
        assertThat(status).isEqualTo(1);
        assertThat(err()).startsWith("The JAR " + other + " is refused: tach 1.0.0 is already published with other content (SHA-256 ")
                .endsWith(") and a published version never changes; nothing was changed in " + site + ".")
                .doesNotContain("\n");
        assertThat(snapshot(site)).isEqualTo(before);
    }

    @Test
    void aReleaseSignedWithAnotherKeyIsNotExtended() throws Exception {
        // Given release 1 signed with one key
        Path key = newKey();
        Path site = dir.resolve("site");
        Path first = TestBundle.named("tach", "1.0.0").writeTo(dir.resolve("a/tach.jar"));
        assertThat(gtach("publish", first.toString(), "--to", site.toString(), "--key", key.toString())).isEqualTo(0);
        Map<String, String> before = snapshot(site);
        assertThat(gtach("keygen", "other", "--to", dir.toString())).isEqualTo(0);

        // When another key publishes to it
        Path second = TestBundle.named("tach", "1.1.0").writeTo(dir.resolve("b/tach.jar"));
        int status = gtach("publish", second.toString(), "--to", site.toString(), "--key", dir.resolve("other.key").toString());

        // Then it is refused and nothing changes
        assertThat(status).isEqualTo(1);
        assertThat(err()).startsWith("The release is refused: it is signed with key ")
                .endsWith("which is not a pinned key of this remote; nothing was changed in " + site + ".");
        assertThat(snapshot(site)).isEqualTo(before);
    }

    @Test
    void aTamperedPreviousIndexIsRefused() throws Exception {
        Path key = newKey();
        Path site = dir.resolve("site");
        Path first = TestBundle.named("tach", "1.0.0").writeTo(dir.resolve("a/tach.jar"));
        assertThat(gtach("publish", first.toString(), "--to", site.toString(), "--key", key.toString())).isEqualTo(0);
        Files.write(site.resolve("index-1.xml.gz"), new byte[] {1, 2, 3});

        Path second = TestBundle.named("tach", "1.1.0").writeTo(dir.resolve("b/tach.jar"));
        assertThat(gtach("publish", second.toString(), "--to", site.toString(), "--key", key.toString())).isEqualTo(1);
        assertThat(err()).startsWith("The index index-1.xml.gz is refused: its SHA-256 ")
                .endsWith("signed in release 1; nothing was changed in " + site + ".");
    }

    @Test
    void anIndexMadeByBndIsExtended() throws Exception {
        // Given a directory with an unsigned index made by bnd's indexer
        Path site = Files.createDirectories(dir.resolve("site"));
        Path lang = Files.copy(TestBundle.real("commons-lang3-3.17.0.jar"), site.resolve("commons-lang3-3.17.0.jar"));
        new aQute.bnd.osgi.repository.SimpleIndexer().files(List.of(lang.toFile())).base(site.toUri()).compress(true)
                .name("bnd").index(site.resolve("index.xml.gz").toFile());

        // When a bundle is published to it
        Path tach = TestBundle.named("tach", "1.0.0").writeTo(dir.resolve("a/tach.jar"));
        assertThat(gtach("publish", tach.toString(), "--to", site.toString(), "--key", newKey().toString())).as(err()).isEqualTo(0);

        // Then release 1 holds both (and bnd's synthetic entries for the multi-release JAR)
        assertThat(readIndex(site)).filteredOn(e -> e.type().equals("osgi.bundle"))
                .extracting(RemoteIndexEntry::symbolicName).containsExactly("org.apache.commons.lang3", "tach");
        assertThat(readIndex(site).get(0).url()).isEqualTo("commons-lang3-3.17.0.jar");
    }

    @Test
    void keygenNeverOverwritesAKey() throws Exception {
        assertThat(gtach("keygen", "k", "--to", dir.toString())).isEqualTo(0);
        byte[] before = Files.readAllBytes(dir.resolve("k.key"));

        assertThat(gtach("keygen", "k", "--to", dir.toString())).isEqualTo(1);
        assertThat(err()).isEqualTo("No key was made: " + dir.resolve("k.key").toAbsolutePath()
                + " already exists and a key file is never overwritten.");
        assertThat(Files.readAllBytes(dir.resolve("k.key"))).isEqualTo(before);
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(gtach("publish", "x.jar", "--to", dir.toString())).isEqualTo(2);
        assertThat(err()).startsWith("publish needs --to <dir> and --key <file>.");
        assertThat(gtach("keygen")).isEqualTo(2);
    }

    @Test
    void channelsAreSignedCarriedOverAndReplaced() throws Exception {
        // Given app 1.0.0 and 1.1.0
        Path key = newKey();
        Path site = dir.resolve("site");
        Path jars = dir.resolve("in");
        TestBundle.named("gtach.example.app", "1.0.0").writeTo(jars.resolve("app-1.0.0.jar"));
        TestBundle.named("gtach.example.app", "1.1.0").writeTo(jars.resolve("app-1.1.0.jar"));

        // When they are published with channel stable at 1.0.0 and a report URL
        int status = gtach("publish", jars.toString(), "--to", site.toString(), "--key", key.toString(),
                "--channel", "stable=gtach.example.app:1.0.0", "--report-url", "https://fleet.example.org/status");

        // Then the signed release names the channel, for every device, and the report URL, and the output says so
        assertThat(status).as(err()).isEqualTo(0);
        assertThat(out()).startsWith("Published release 1 to " + site + ": 2 JAR(s) added, 0 already published, 2 in the index;"
                + " channel stable -> gtach.example.app 1.0.0 (100 %); devices report to https://fleet.example.org/status;"
                + " signed with key ");
        ReleaseMetadata first = release(site, key);
        assertThat(first.channels()).containsExactly(new Channel("stable", "gtach.example.app", "1.0.0", 100));
        assertThat(first.reportUrl()).isEqualTo("https://fleet.example.org/status");

        // When beta points at 1.1.0 for a quarter of its devices, without any JAR
        status = gtach("publish", "--to", site.toString(), "--key", key.toString(),
                "--channel", "beta=gtach.example.app:1.1.0", "--rollout", "25");

        // Then release 2 holds beta and, carried over, stable and the report URL
        assertThat(status).as(err()).isEqualTo(0);
        assertThat(out()).contains("Published release 2 to " + site + ": 0 JAR(s) added, 0 already published, 2 in the index;"
                + " channel beta -> gtach.example.app 1.1.0 (25 %), channel stable -> gtach.example.app 1.0.0 (100 %);"
                + " devices report to https://fleet.example.org/status; signed with key ");
        ReleaseMetadata second = release(site, key);
        assertThat(second.counter()).isEqualTo(2);
        assertThat(second.channels()).containsExactly(new Channel("beta", "gtach.example.app", "1.1.0", 25),
                new Channel("stable", "gtach.example.app", "1.0.0", 100));
        assertThat(second.reportUrl()).isEqualTo("https://fleet.example.org/status");

        // When stable moves to 1.1.0 for half its devices (SemVer typed) and devices report elsewhere
        status = gtach("publish", "--to", site.toString(), "--key", key.toString(),
                "--channel", "stable=gtach.example.app:1.1", "--rollout", "50", "--report-url", "https://ops.example.org/gtach");

        // Then stable is replaced, beta kept, the report URL replaced
        assertThat(status).as(err()).isEqualTo(0);
        ReleaseMetadata third = release(site, key);
        assertThat(third.channels()).containsExactly(new Channel("beta", "gtach.example.app", "1.1.0", 25),
                new Channel("stable", "gtach.example.app", "1.1.0", 50));
        assertThat(third.reportUrl()).isEqualTo("https://ops.example.org/gtach");

        // When stable is pulled back to 1.0.0
        status = gtach("publish", "--to", site.toString(), "--key", key.toString(), "--channel", "stable=gtach.example.app:1.0.0");

        // Then it is one more release pointing at the older version
        assertThat(status).as(err()).isEqualTo(0);
        ReleaseMetadata fourth = release(site, key);
        assertThat(fourth.counter()).isEqualTo(4);
        assertThat(fourth.channel("stable")).contains(new Channel("stable", "gtach.example.app", "1.0.0", 100));
        assertThat(fourth.channel("beta")).contains(new Channel("beta", "gtach.example.app", "1.1.0", 25));
        assertThat(readIndex(site)).hasSize(2);
        assertThat(hiddenFiles(site)).isEmpty();
    }

    @Test
    void aChannelNamingAPackageTheIndexLacksIsRefusedAndNothingChanges() throws Exception {
        // Given release 1 with app 1.0.0 and 1.1.0
        Path key = newKey();
        Path site = dir.resolve("site");
        Path jars = dir.resolve("in");
        TestBundle.named("gtach.example.app", "1.0.0").writeTo(jars.resolve("app-1.0.0.jar"));
        TestBundle.named("gtach.example.app", "1.1.0").writeTo(jars.resolve("app-1.1.0.jar"));
        assertThat(gtach("publish", jars.toString(), "--to", site.toString(), "--key", key.toString(),
                "--channel", "stable=gtach.example.app:1.0.0")).as(err()).isEqualTo(0);
        Map<String, String> before = snapshot(site);

        // When a new JAR is published with a channel naming a version no index holds
        Path extra = TestBundle.named("extra", "1.0.0").writeTo(dir.resolve("b/extra.jar"));
        int status = gtach("publish", extra.toString(), "--to", site.toString(), "--key", key.toString(),
                "--channel", "beta=gtach.example.app:1.2.0");

        // Then it is refused in one sentence, and neither the JAR nor a release was written
        assertThat(status).isEqualTo(1);
        assertThat(err()).isEqualTo("Channel beta is refused: the index of release 2 holds no gtach.example.app 1.2.0"
                + " (it holds 1.0.0, 1.1.0); nothing was changed in " + site + ".");
        assertThat(snapshot(site)).isEqualTo(before);

        // and a package it does not hold at all is refused as well
        assertThat(gtach("publish", "--to", site.toString(), "--key", key.toString(), "--channel", "beta=other:1.0.0")).isEqualTo(1);
        assertThat(err()).isEqualTo("Channel beta is refused: the index of release 2 holds no other 1.0.0 nor any other"
                + " version of it; nothing was changed in " + site + ".");
        assertThat(snapshot(site)).isEqualTo(before);
        assertThat(release(site, key).channels()).containsExactly(new Channel("stable", "gtach.example.app", "1.0.0", 100));
    }

    @Test
    void aPublishWithoutJarsRaisesTheCounterAndKeepsTheIndex() throws Exception {
        // Given release 1 with two bundles, valid for 7 days
        Path key = newKey();
        Path site = dir.resolve("site");
        Path jars = dir.resolve("in");
        TestBundle.named("tach", "1.0.0").writeTo(jars.resolve("tach.jar"));
        TestBundle.named("display", "1.0.0").writeTo(jars.resolve("display.jar"));
        assertThat(gtach("publish", jars.toString(), "--to", site.toString(), "--key", key.toString(), "--expires-days", "7"))
                .isEqualTo(0);
        ReleaseMetadata first = release(site, key);
        List<RemoteIndexEntry> entries = readIndex(site);

        // When it is published again with no JAR, for 90 days
        int status = gtach("publish", "--to", site.toString(), "--key", key.toString(), "--expires-days", "90");

        // Then release 2 signs the same index, valid longer, and the line is as without channels
        assertThat(status).as(err()).isEqualTo(0);
        assertThat(out()).startsWith("Published release 2 to " + site + ": 0 JAR(s) added, 0 already published, 2 in the index;"
                + " signed with key ");
        ReleaseMetadata second = release(site, key);
        assertThat(second.counter()).isEqualTo(2);
        // the very index devices hold already: they fetch only release.json
        assertThat(second.indexPath()).isEqualTo(first.indexPath());
        assertThat(second.indexSha256()).isEqualTo(first.indexSha256());
        assertThat(second.expires()).isAfter(first.expires().plus(java.time.Duration.ofDays(80)));
        assertThat(readIndex(site)).isEqualTo(entries);
        assertThat(second.channels()).isEmpty();
        assertThat(second.reportUrl()).isNull();
    }

    @Test
    void withoutJarsAndWithoutAReleaseNothingIsPublished() throws Exception {
        Path key = newKey();
        Path site = dir.resolve("site");

        assertThat(gtach("publish", "--to", site.toString(), "--key", key.toString())).isEqualTo(1);
        assertThat(err()).isEqualTo("Nothing was published: no JAR was given and " + site.toAbsolutePath()
                + " holds no release to publish again.");
        assertThat(Files.exists(site)).isFalse();
    }

    @Test
    void malformedChannelRolloutAndReportUrlArgumentsAreRefusedInOneSentence() throws Exception {
        // Given release 1 with app 1.0.0
        Path key = newKey();
        Path site = dir.resolve("site");
        Path jar = TestBundle.named("gtach.example.app", "1.0.0").writeTo(dir.resolve("in/app.jar"));
        assertThat(gtach("publish", jar.toString(), "--to", site.toString(), "--key", key.toString())).isEqualTo(0);
        Map<String, String> before = snapshot(site);
        String[] base = {"publish", "--to", site.toString(), "--key", key.toString()};

        // When / Then each is refused with its sentence and the usage, and nothing changes
        assertThat(gtach(with(base, "--rollout", "25"))).isEqualTo(2);
        assertThat(err()).startsWith("--rollout applies to the channels named with --channel in the same publish; name at least one.");
        assertThat(gtach(with(base, "--channel", "stable=gtach.example.app:1.0.0", "--rollout", "101"))).isEqualTo(2);
        assertThat(err()).startsWith("--rollout needs a whole percentage from 0 to 100, not 101.");
        assertThat(gtach(with(base, "--channel", "stable=gtach.example.app:1.0.0", "--rollout", "1", "--rollout", "2"))).isEqualTo(2);
        assertThat(err()).startsWith("publish takes --rollout once, with a value.");
        assertThat(gtach(with(base, "--channel", "stable"))).isEqualTo(2);
        assertThat(err()).startsWith("--channel needs <name>=<symbolic name>:<version>, such as stable=gtach.example.app:1.1.0,"
                + " not stable.");
        assertThat(gtach(with(base, "--channel", "Stable=gtach.example.app:1.0.0"))).isEqualTo(2);
        assertThat(err()).startsWith("Channel name \"Stable\" is not 1 to 63");
        assertThat(gtach(with(base, "--channel", "stable=gtach.example.app:one"))).isEqualTo(2);
        assertThat(err()).startsWith("The version \"one\" of channel stable is not an OSGi version.");
        assertThat(gtach(with(base, "--channel", "stable=gtach.example.app:1.0.0", "--channel", "stable=gtach.example.app:1.0.0")))
                .isEqualTo(2);
        assertThat(err()).startsWith("--channel names channel stable twice.");
        assertThat(gtach(with(base, "--report-url", "ftp://fleet.example.org/status"))).isEqualTo(1);
        assertThat(err()).isEqualTo("The report URL \"ftp://fleet.example.org/status\" is not an absolute http or https URL;"
                + " nothing was changed in " + site + ".");
        assertThat(snapshot(site)).isEqualTo(before);
    }

    private static String[] with(String[] base, String... more) {
        List<String> all = new ArrayList<>(List.of(base));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8).trim();
    }

    private static ReleaseMetadata release(Path site, Path key) throws Exception {
        return ReleaseTrust.verifySignature(Files.readAllBytes(site.resolve("release.json")),
                List.of(SigningKey.read(key, true).publicOnly()));
    }

    @Test
    void notABundleIsRefusedAndNoDirectoryIsLeft() throws Exception {
        Path key = newKey();
        Files.createDirectories(dir.resolve("a"));
        Path notJar = Files.writeString(dir.resolve("a/readme.jar"), "text", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE_NEW);
        Path site = dir.resolve("site");

        assertThat(gtach("publish", notJar.toString(), "--to", site.toString(), "--key", key.toString())).isEqualTo(1);
        assertThat(err()).isEqualTo("The JAR " + notJar + " is refused: it is not a JAR (it does not start with a ZIP header);"
                + " nothing was changed in " + site + ".");
        assertThat(Files.exists(site)).isFalse();
    }

    @Test
    void sourceDateEpochDatesTheReleaseSoThatTheSameInputsSignTheSameReleaseJson() throws Exception {
        Path key = newKey();
        Path jars = dir.resolve("in");
        TestBundle.named("tach", "1.0.0").writeTo(jars.resolve("tach.jar"));
        Instant issued = PublishCommand.issuedAt("1764892800");
        assertThat(issued).isEqualTo(Instant.parse("2025-12-05T00:00:00Z"));
        SigningKey signing = SigningKey.read(key, true);

        // two sites of the same name (the index is named after its directory) in two places
        Publisher.publish(List.of(jars), dir.resolve("a/site"), signing, java.time.Duration.ofDays(400), issued);
        Publisher.publish(List.of(jars), dir.resolve("b/site"), signing, java.time.Duration.ofDays(400), issued);

        assertThat(Files.readAllBytes(dir.resolve("a/site/release.json")))
                .isEqualTo(Files.readAllBytes(dir.resolve("b/site/release.json")));
        assertThat(release(dir.resolve("a/site"), key).issued()).isEqualTo(issued);
        assertThat(PublishCommand.issuedAt(null)).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(
                1, java.time.temporal.ChronoUnit.MINUTES));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PublishCommand.issuedAt("yesterday"))
                .hasMessage("Nothing was published: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970,"
                        + " not \"yesterday\".");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PublishCommand.issuedAt("-5"))
                .hasMessageContaining("not \"-5\"");
    }

    private Path newKey() {
        assertThat(gtach("keygen", "release", "--to", dir.toString())).isEqualTo(0);
        return dir.resolve("release.key");
    }

    private static List<RemoteIndexEntry> readIndex(Path site) throws Exception {
        try (InputStream in = Files.newInputStream(site.resolve("index.xml.gz"))) {
            return RemoteIndexReader.read(in, "index.xml.gz");
        }
    }

    private static Map<String, String> snapshot(Path site) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(site)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(site.relativize(file).toString(), DurableFiles.hash(file).sha256());
            }
        }
        return files;
    }

    private static List<Path> hiddenFiles(Path site) throws IOException {
        List<Path> hidden = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(site)) {
            walk.filter(p -> p.getFileName().toString().startsWith(".")).forEach(hidden::add);
        }
        return hidden;
    }
}
