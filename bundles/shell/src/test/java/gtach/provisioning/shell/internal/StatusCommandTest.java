package gtach.provisioning.shell.internal;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.framework.startlevel.BundleStartLevel;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StatusCommandTest {

    private static final String NL = System.lineSeparator();

    private final List<String> filters = new ArrayList<>();

    @Test
    void saysWhereTheLogBundleWrites() {
        // Given a log bundle registering its file, ranked below a second one
        StatusCommand command = new StatusCommand(framework(
                logService("/home/pi/.gtach/log/old.log", 0), logService("/home/pi/.gtach/log/gtach.log", 10)));

        // Then
        assertThat(command.status(FakeSession.with(), false, false)).isEqualTo(
                "Generation unknown: the update service is not running." + NL
                + "Log: /home/pi/.gtach/log/gtach.log" + NL
                + "Runtime: 0 bundles, all active; gtach:status --all lists them." + NL
                + "ID  NAME                VERSION  STATE   LEVEL" + NL
                + "24  gtach.example.tach  1.0.0    ACTIVE  2" + NL);
        assertThat(filters).containsOnly("(gtach.log.file=*)");
    }

    @Test
    void withoutALogBundleSaysSo() {
        StatusCommand command = new StatusCommand(framework());

        assertThat(command.status(FakeSession.with(), false, false).lines())
                .contains("Log: not written (the gtach.provisioning.log bundle is not running)");
        assertThat(command.status(FakeSession.with(), false, true)).contains("\"logFile\": null");
    }

    @Test
    void namesRemotesWithAnExpiredReleaseOrAddedInsecure() throws Exception {
        StatusCommand command = new StatusCommand(framework());
        RemoteCommandsTest.FakeRemotes remotes = new RemoteCommandsTest.FakeRemotes();
        command.remotes = remotes;
        assertThat(command.status(FakeSession.with(), false, false)).doesNotContain("Remote problem");
        remotes.add("fleet", "https://example.org/", java.nio.file.Path.of("k.pub"), false);
        remotes.addMaven("lab", "http://example.net/m2/", true);

        assertThat(command.status(FakeSession.with(), false, false).lines()).contains(
                "Remote problem: remote fleet: release 7 expired at 2026-12-01T00:00:00Z; nothing new is taken from it,"
                        + " the running application is unchanged; fetch again.",
                "Remote problem: remote lab: added with --insecure, so it is read over plain http that anyone on the way"
                        + " can read and change.");
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(command.status(FakeSession.with(), false, true));
        assertThat(json.get("remotes")).hasSize(2);
        assertThat(json.get("remotes").get(0).asText()).startsWith("remote fleet: release 7 expired at");
    }

    /** A framework holding one application bundle and these services. */
    private BundleContext framework(ServiceReference<?>... services) {
        Bundle tach = proxy(Bundle.class, Map.of(
                "getBundleId", 24L, "getSymbolicName", "gtach.example.tach", "getVersion", new Version(1, 0, 0),
                "getState", Bundle.ACTIVE, "getHeaders", new Hashtable<String, String>(),
                "adapt", proxy(BundleStartLevel.class, Map.of("getStartLevel", 2, "isPersistentlyStarted", true))));
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (p, method, args) -> switch (method.getName()) {
                    case "getBundles" -> new Bundle[] {tach};
                    case "getServiceReferences" -> {
                        filters.add((String) args[1]);
                        yield services.length == 0 ? null : services;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static ServiceReference<?> logService(String file, int ranking) {
        return (ServiceReference<?>) Proxy.newProxyInstance(StatusCommandTest.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (p, method, args) -> switch (method.getName()) {
                    case "getProperty" -> switch ((String) args[0]) {
                        case "gtach.log.file" -> file;
                        case "service.ranking" -> ranking;
                        default -> null;
                    };
                    case "compareTo" -> Integer.compare(ranking, (Integer) ((ServiceReference<?>) args[0]).getProperty("service.ranking"));
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static <T> T proxy(Class<T> type, Map<String, Object> answers) {
        return type.cast(Proxy.newProxyInstance(StatusCommandTest.class.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> {
                    if (!answers.containsKey(method.getName())) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return answers.get(method.getName());
                }));
    }
}
