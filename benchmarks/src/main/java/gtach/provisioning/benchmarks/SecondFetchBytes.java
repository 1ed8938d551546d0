package gtach.provisioning.benchmarks;

import gtach.provisioning.testing.NginxServer;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a first and a second fetch of an unchanged remote of 10,000 packages (or the size given as
 * the first argument) transfer, read from nginx's access log: each request with its status and
 * {@code $body_bytes_sent} (the log's combined format), and the sum per fetch. A count, not a time.
 */
public final class SecondFetchBytes {

    private SecondFetchBytes() {
    }

    public static void main(String[] args) throws Exception {
        int packages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        PublishedSite published = PublishedSite.ensure(packages);
        Path repository = Files.createTempDirectory("gtach-second-fetch");
        try (NginxServer nginx = NginxServer.serving(published.site()).start()) {
            URI base = URI.create(nginx.url("/"));
            published.key().fetch(base, repository);
            List<String> first = nginx.accessLog().lines().toList();
            published.key().fetch(base, repository);
            List<String> second = nginx.accessLog().lines().skip(first.size()).toList();
            report("first fetch", first);
            report("second fetch", second);
        } finally {
            PublishedSite.deleteTree(repository);
        }
    }

    private static void report(String which, List<String> lines) {
        long total = 0;
        for (String line : lines) {
            // combined format: ... "GET /path HTTP/1.1" <status> <body bytes> "<referer>" "<agent>"
            String[] afterRequest = line.split("\" ", 2)[1].split(" ");
            String request = line.substring(line.indexOf('"') + 1, line.indexOf(" HTTP/"));
            long bytes = Long.parseLong(afterRequest[1]);
            total += bytes;
            System.out.printf("%s: %s -> %s, %d body bytes%n", which, request, afterRequest[0], bytes);
        }
        System.out.printf("%s: %d requests, %d body bytes%n", which, lines.size(), total);
    }
}
