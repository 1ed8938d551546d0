package gtach.provisioning.shell.internal;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Process;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Gogo sessions and processes for tests: variables only, everything else unsupported. */
final class FakeSession {

    private FakeSession() {
    }

    /** A session holding these variables, as Gogo's console or the command channel would set them. */
    static CommandSession with(Object... namesAndValues) {
        Map<String, Object> variables = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            variables.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return (CommandSession) Proxy.newProxyInstance(FakeSession.class.getClassLoader(),
                new Class<?>[] {CommandSession.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "get" -> variables.get((String) args[0]);
                    case "put" -> variables.put((String) args[0], args[1]);
                    case "currentDir" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A Gogo process whose standard output is, or is not, the session's terminal. */
    static Process processWritingToTerminal(boolean tty) {
        return (Process) Proxy.newProxyInstance(FakeSession.class.getClassLoader(), new Class<?>[] {Process.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("isTty")) {
                        return tty;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Stands in for a JLine terminal: the colour decision reads only its type. */
    static final class Terminal {
        private final String type;

        Terminal(String type) {
            this.type = type;
        }

        public String getType() {
            return type;
        }
    }
}
