package gtach.provisioning.shell.internal;

import org.osgi.framework.Bundle;

/** Bundle states by the names operators know from {@code lb}. */
final class BundleStates {

    private BundleStates() {
    }

    static String name(Bundle bundle) {
        return switch (bundle.getState()) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> bundle.getHeaders("").get("Fragment-Host") != null ? "FRAGMENT" : "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNKNOWN(" + bundle.getState() + ")";
        };
    }
}
