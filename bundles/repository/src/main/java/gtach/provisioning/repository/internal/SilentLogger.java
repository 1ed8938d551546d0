package gtach.provisioning.repository.internal;

import org.osgi.service.log.Logger;

import java.lang.reflect.Proxy;

/** A {@link Logger} that drops everything, for a store opened outside a framework. */
final class SilentLogger {

    static final Logger INSTANCE = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, args) -> switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString", "getName" -> "silent";
                // isTraceEnabled() and the like: nothing is enabled
                default -> method.getReturnType() == boolean.class ? Boolean.FALSE : null;
            });

    private SilentLogger() {
    }
}
