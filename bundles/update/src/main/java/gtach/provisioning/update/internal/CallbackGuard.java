package gtach.provisioning.update.internal;

import java.util.Optional;

/**
 * Tells whether the calling thread is inside a framework callback: a bundle activator, a Declarative
 * Services component's constructor, activate, bind or deactivate method, or a framework, bundle or
 * service listener. A transaction stops, refreshes and starts bundles, and the framework waits for
 * such a callback to return before it does; run from inside one, the transaction would wait for
 * itself. Read from the stack, since the framework has no API that says so.
 */
final class CallbackGuard {

    private CallbackGuard() {
    }

    /** Refuses at once a call the framework would wait on while it waits for the framework: a deadlock. */
    static void refuse(String subject) throws gtach.provisioning.update.UpdateRefusedException {
        Optional<String> callback = callbackOfCaller();
        if (callback.isPresent()) {
            throw Planner.refused(subject, "it was called from inside " + callback.get() + ", and the framework waits for "
                    + "that to return before it stops or refreshes a bundle; call the update service from a thread of your own");
        }
    }

    /** What kind of callback the caller is inside, in words; empty when it is not inside one. */
    static Optional<String> callbackOfCaller() {
        return StackWalker.getInstance().walk(frames -> frames
                .map(CallbackGuard::kindOf)
                .filter(kind -> kind != null)
                .findFirst());
    }

    private static String kindOf(StackWalker.StackFrame frame) {
        String type = frame.getClassName();
        String method = frame.getMethodName();
        if (type.equals("org.apache.felix.framework.util.SecureAction")
                && (method.equals("startActivator") || method.equals("stopActivator"))) {
            return "a bundle activator";
        }
        if (type.startsWith("org.apache.felix.scr.impl.")) {
            return "a Declarative Services component's constructor, activate, bind or deactivate method";
        }
        if (type.equals("org.apache.felix.framework.EventDispatcher")) {
            return "a framework, bundle or service listener";
        }
        return null;
    }
}
