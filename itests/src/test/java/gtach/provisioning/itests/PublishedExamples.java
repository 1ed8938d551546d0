package gtach.provisioning.itests;

import gtach.provisioning.testing.NginxServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The example packages published and signed with {@code gtach.jar keygen} and {@code publish}, and
 * served by a real nginx on a free loopback port, stopped by its own pid when the JVM ends. Used
 * outside the framework, where a Pax Exam configuration runs, and handed to the test inside it as
 * system properties.
 */
final class PublishedExamples {

    static final String URL_PROPERTY = "itest.remote.url";
    static final String KEY_PROPERTY = "itest.remote.key";

    private final String url;
    private final Path publicKey;

    private PublishedExamples(String url, Path publicKey) {
        this.url = url;
        this.publicKey = publicKey;
    }

    static PublishedExamples serve() throws Exception {
        NginxServer.requireInstalled();
        Path work = Files.createTempDirectory("gtach-itest-remote");
        Path packages = Path.of(System.getProperty("example.packages")).toAbsolutePath();
        gtach(List.of("keygen", "fleet", "--to", work.toString()));
        Path site = work.resolve("site");
        gtach(List.of("publish", packages.toString(), "--to", site.toString(), "--key", work.resolve("fleet.key").toString()));
        NginxServer nginx = NginxServer.serving(site).start();
        Runtime.getRuntime().addShutdownHook(new Thread(nginx::close));
        return new PublishedExamples(nginx.url("/"), work.resolve("fleet.pub"));
    }

    String url() {
        return url;
    }

    Path publicKey() {
        return publicKey;
    }

    private static void gtach(List<String> arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(GtachProcess.java(), "-jar", GtachProcess.jar().toString()));
        command.addAll(arguments);
        GtachProcess.Result result = GtachProcess.run(command);
        if (result.status() != 0) {
            throw new IllegalStateException(String.join(" ", arguments) + " failed: " + result.out());
        }
    }
}
