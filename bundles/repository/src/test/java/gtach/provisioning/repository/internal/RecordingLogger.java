package gtach.provisioning.repository.internal;

import org.osgi.service.log.Logger;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Logger} that keeps every line as {@code LEVEL message}, with {@code {}} filled in. */
final class RecordingLogger {

    final List<String> lines = new CopyOnWriteArrayList<>();
    final Logger logger = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString", "getName" -> "recording";
                case "trace", "debug", "info", "warn", "error", "audit" -> {
                    lines.add(method.getName().toUpperCase() + " " + format(args));
                    yield null;
                }
                default -> method.getReturnType() == boolean.class ? Boolean.TRUE : null;
            });

    private static String format(Object[] args) {
        String text = String.valueOf(args[0]);
        // warn(String, Object...) arrives with its arguments as one array
        Object[] values = args.length == 2 && args[1] instanceof Object[] array ? array
                : java.util.Arrays.copyOfRange(args, 1, args.length);
        StringBuilder out = new StringBuilder();
        int next = 0;
        int from = 0;
        for (int at = text.indexOf("{}"); at >= 0 && next < values.length; at = text.indexOf("{}", from)) {
            out.append(text, from, at).append(values[next++]);
            from = at + 2;
        }
        return out.append(text.substring(from)).toString();
    }

    /** Lines at a level, without the level. */
    List<String> at(String level) {
        return lines.stream().filter(line -> line.startsWith(level + " ")).map(line -> line.substring(level.length() + 1)).toList();
    }
}
