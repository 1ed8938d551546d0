package gtach.provisioning.update;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Changes the running application bundle set as one transaction. A request is planned with the
 * OSGi resolver over the installed bundles and the package repository; applying it either commits
 * a new generation or puts the previous one back, exactly as it was. A request that names several
 * packages is one transaction too: one plan, one new generation, or nothing changed. Requests are
 * serialized: two callers never interleave.
 * <p>
 * The bundles this service manages are installed under the location
 * {@code gtach:app:<symbolic-name>}, one version per symbolic name. Every other bundle (the
 * framework, the runtime's base set) is never touched; the resolver may wire to it.
 */
@ProviderType
public interface UpdateService {

    /**
     * For {@link #rollback(int)}: the generation before the current one.
     *
     * @since 1.3
     */
    int PREVIOUS = -1;

    /**
     * Resolves a request without changing anything (a dry run).
     *
     * @throws UpdateRefusedException when the request cannot be satisfied, with one sentence naming
     *         every missing requirement (the first ten, and how many more) and who needs each
     */
    Plan plan(UpdateRequest request) throws UpdateException;

    /**
     * Plans, stages, applies, verifies and commits a request. Never call it (nor {@link #rollback}) from
     * inside a framework callback (a bundle activator, a component's constructor, activate, bind or
     * deactivate method, a framework, bundle or service listener): the framework waits for that callback
     * to return before it stops or refreshes bundles, so such a call is refused at once with
     * {@link UpdateRefusedException}. Call it from a thread of your own.
     *
     * @return the generation now running: a new one, or the current one when there was nothing to do
     * @throws UpdateRefusedException when the request was refused before anything changed
     * @throws UpdateFailedException when applying or verifying failed and the previous generation
     *         is running again
     */
    default Generation apply(UpdateRequest request) throws UpdateException {
        return apply(request, step -> { });
    }

    /**
     * As {@link #apply(UpdateRequest)}, telling {@code progress} each step as it begins, in one short
     * line for a person watching ("Staging 3 of 12 packages", "Starting 4 bundles"); it may be
     * called from other threads than the caller's, never concurrently, and must return quickly.
     */
    default Generation apply(UpdateRequest request, Consumer<String> progress) throws UpdateException {
        return applyRequest(request, progress).generation();
    }

    /**
     * As {@link #apply(UpdateRequest, Consumer)}, answering what was done: the generation, the
     * changes and the refresh set, in one call.
     *
     * @throws UpdateRefusedException when the request was refused before anything changed
     * @throws UpdateFailedException when applying or verifying failed and the previous generation
     *         is running again
     * @since 1.2
     */
    UpdateResult applyRequest(UpdateRequest request, Consumer<String> progress) throws UpdateException;

    /**
     * As {@link #applyRequest(UpdateRequest, Consumer)}, but only on top of generation {@code from}:
     * for a program that decided what to ask for by looking at what ran (a device following a
     * channel, say). Requests take turns; when another one committed while this one waited for its
     * turn, or while its packages were downloaded, this one is refused and nothing is changed, so
     * that it never overrides a change it did not see.
     *
     * @param from the number of the generation the request was made for
     * @throws GenerationChangedException when generation {@code from} is no longer the current one
     * @throws UpdateRefusedException when the request was refused before anything changed
     * @throws UpdateFailedException when applying or verifying failed and the previous generation
     *         is running again
     * @since 1.9
     */
    UpdateResult applyRequest(int from, UpdateRequest request, Consumer<String> progress) throws UpdateException;

    /**
     * Makes the bundle set of an earlier generation run again, recorded as a new generation.
     *
     * @param generation the generation to return to: {@code 0} is the empty set before the first commit,
     *        {@link #PREVIOUS} the one before the current
     * @throws UpdateRefusedException when there is no such generation or its packages are gone
     * @throws UpdateFailedException when it failed and the current generation is running again
     */
    default Generation rollback(int generation) throws UpdateException {
        return rollback(generation, step -> { });
    }

    /** As {@link #rollback(int)}, telling {@code progress} each step as {@link #apply(UpdateRequest, Consumer)} does. */
    default Generation rollback(int generation, Consumer<String> progress) throws UpdateException {
        return rollbackTo(generation, progress).generation();
    }

    /**
     * As {@link #rollback(int, Consumer)}, answering what was done: the new generation, the changes
     * back to the earlier set and the refresh set.
     *
     * @throws UpdateRefusedException when there is no such generation or its packages are gone
     * @throws UpdateFailedException when it failed and the current generation is running again
     * @since 1.2
     */
    UpdateResult rollbackTo(int generation, Consumer<String> progress) throws UpdateException;

    /**
     * How the managed bundles in the framework differ from the current generation, one sentence each
     * (a bundle updated, stopped or uninstalled with the framework's own shell, or a JAR the framework's
     * cache lost). Requests are refused while there is any; {@link #repair} or {@link #adopt} ends it.
     *
     * @return empty when the framework runs exactly the current generation
     * @since 1.3
     */
    List<String> drift() throws UpdateException;

    /**
     * Makes the framework run the current generation again: after drift, or after a failed attempt
     * whose restore did not finish (a bundle that did not stop in time). Nothing is committed.
     *
     * @return a sentence saying what was done, or that there was nothing to repair
     * @throws UpdateFailedException when the framework still differs afterwards
     * @since 1.3
     */
    String repair(Consumer<String> progress) throws UpdateException;

    /**
     * Records the managed bundles the framework runs now as a new generation, storing in the
     * repository the JARs it does not hold yet; the opposite of {@link #repair}.
     *
     * @throws UpdateRefusedException when a running JAR cannot be stored (another JAR of the same name
     *         and version is stored), or there is no drift to adopt
     * @since 1.3
     */
    UpdateResult adopt(Consumer<String> progress) throws UpdateException;

    /** The generation running now; number 0 when nothing was ever committed. */
    Generation current();

    /** Every attempt, committed or not, oldest first. */
    List<Attempt> history();

    /**
     * The last report of what hot updates left behind: made in the background a few seconds after each
     * change is committed or put back (off the caller's path, since it runs a full garbage collection), and
     * by {@link #checkLeaks()}. Empty until the first.
     *
     * @since 1.11
     */
    Optional<LeakReport> leaks();

    /**
     * Runs a full garbage collection now and reports what hot updates left behind: the class loaders of
     * replaced bundle revisions still reachable, the bundles pending removal, the Metaspace in use. Blocks
     * for the collection, which on a small device takes tens to hundreds of milliseconds.
     *
     * @since 1.11
     */
    LeakReport checkLeaks();
}
