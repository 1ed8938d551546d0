package gtach.provisioning.update.internal;

import java.util.List;

/**
 * An attempt between "staged" and "ended", written durably before the framework is touched.
 * After a crash it says which generation to restore and which bundle locations may differ from it.
 *
 * @param from the committed generation running before the attempt
 * @param to the generation the attempt would commit
 * @param request the request as typed
 * @param changes the plan's changes, as text
 * @param touched every managed bundle location the attempt may change
 */
record Journal(int from, int to, String request, List<String> changes, List<String> touched) {

    Journal {
        changes = List.copyOf(changes);
        touched = List.copyOf(touched);
    }
}
