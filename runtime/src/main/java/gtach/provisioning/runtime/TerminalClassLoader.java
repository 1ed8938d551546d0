package gtach.provisioning.runtime;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.function.Supplier;

/**
 * The context class loader of the launcher's threads, which Felix's threads and so the Gogo
 * console inherit. JLine finds its terminal providers (the {@code stty}-based one on a Pi or a Mac)
 * through the context class loader; left to the launcher's own, it finds none and falls back to a
 * dumb terminal without line editing or history. This one also looks into the JLine bundle.
 */
final class TerminalClassLoader extends ClassLoader {

    static final String JLINE = "org.jline";

    private final Supplier<BundleContext> framework;

    TerminalClassLoader(ClassLoader parent, Supplier<BundleContext> framework) {
        super(parent);
        this.framework = framework;
    }

    private Bundle jline() {
        BundleContext context = framework.get();
        if (context == null) {
            return null;
        }
        for (Bundle bundle : context.getBundles()) {
            if (JLINE.equals(bundle.getSymbolicName()) && bundle.getState() != Bundle.UNINSTALLED) {
                return bundle;
            }
        }
        return null;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        Bundle jline = jline();
        if (jline == null) {
            throw new ClassNotFoundException(name);
        }
        return jline.loadClass(name);
    }

    @Override
    protected URL findResource(String name) {
        Bundle jline = jline();
        return jline == null ? null : jline.getResource(name);
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        Bundle jline = jline();
        Enumeration<URL> found = jline == null ? null : jline.getResources(name);
        return found == null ? Collections.emptyEnumeration() : found;
    }
}
