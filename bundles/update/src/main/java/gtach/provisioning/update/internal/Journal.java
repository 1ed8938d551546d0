package gtach.provisioning.update.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The intent record of an attempt: written durably before the framework is touched, it holds
 * everything recovery needs to put the previous generation back after a crash, and nothing else.
 *
 * @param from the committed generation running before the attempt
 * @param to the generation the attempt would commit
 * @param request the request as typed
 * @param changes the plan's changes, as text
 * @param touched every managed bundle location the attempt may change
 * @param emptyAreas symbolic names of the affected bundles whose data area was empty
 * @param savedAreas symbolic names of the affected bundles whose data area was copied to the transaction directory
 * @param configurations every Config Admin configuration before the attempt, when they were saved
 */
record Journal(int from, int to, String request, List<String> changes, List<String> touched, List<String> emptyAreas,
        List<String> savedAreas, Optional<List<Map<String, Object>>> configurations) {

    Journal {
        changes = List.copyOf(changes);
        touched = List.copyOf(touched);
        emptyAreas = List.copyOf(emptyAreas);
        savedAreas = List.copyOf(savedAreas);
    }

    /** The same attempt, once the data areas were saved (after the bundles stopped, so their last writes count). */
    Journal withAreas(Snapshot.Areas areas) {
        return new Journal(from, to, request, changes, touched, areas.empty(), areas.saved(), configurations);
    }

    /** An attempt that saved no data area and no configuration. */
    Journal(int from, int to, String request, List<String> changes, List<String> touched) {
        this(from, to, request, changes, touched, List.of(), List.of(), Optional.empty());
    }
}
