package gtach.provisioning.update.internal;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

import static org.assertj.core.api.Assertions.assertThat;

class LoggedErrorsTest {

    private static final Bundle DISPLAY = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(),
            new Class<?>[] {Bundle.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getSymbolicName" -> "acme.display";
                case "getVersion" -> new Version(1, 0, 0);
                default -> null;
            });

    @Test
    void anEntryIsQuotedWithItsRootCause() {
        assertThat(LoggedErrors.sentence(entry("Failed to bind to 0.0.0.0:8080; Jetty stopped (no connectors available)",
                new IllegalStateException("wrapped", new java.net.BindException("Address already in use")))))
                .isEqualTo("acme.display 1.0.0 logged an error: \"Failed to bind to 0.0.0.0:8080; Jetty stopped"
                        + " (no connectors available)\" (Address already in use)");
    }

    @Test
    void scrsReportOfAFailedActivationReadsAsTheComponentCheckReportsIt() {
        Throwable thrown = new InvocationTargetException(new IllegalArgumentException("the interval must be at least 1 s"));
        assertThat(LoggedErrors.sentence(entry("bundle acme.display:1.0.0 (33)[acme.display.Display(20)] : Error during"
                + " instantiation of the implementation object", thrown)))
                .isEqualTo("the component acme.display.Display of acme.display 1.0.0 failed to activate: the interval must be"
                        + " at least 1 s");
        assertThat(LoggedErrors.sentence(entry("bundle acme.display:1.0.0 (33)[acme.display.Display(20)] : The activate"
                + " method has thrown an exception", new IllegalStateException("no sensor"))))
                .isEqualTo("the component acme.display.Display of acme.display 1.0.0 failed to activate: no sensor");
    }

    @Test
    void otherScrEntriesAreQuoted() {
        assertThat(LoggedErrors.sentence(entry("bundle acme.display:1.0.0 (33)[acme.display.Display(20)] : Could not get"
                + " service from ServiceReference", null)))
                .startsWith("acme.display 1.0.0 logged an error: \"bundle acme.display:1.0.0 (33)");
    }

    private static LogEntry entry(String message, Throwable exception) {
        return (LogEntry) Proxy.newProxyInstance(LogEntry.class.getClassLoader(), new Class<?>[] {LogEntry.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getMessage" -> message;
                    case "getException" -> exception;
                    case "getBundle" -> DISPLAY;
                    case "getLogLevel" -> LogLevel.ERROR;
                    default -> null;
                });
    }
}
