package gtach.provisioning.update;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;
import java.util.function.Consumer;

/**
 * Changes the running application bundle set as one transaction. A request is planned with the
 * OSGi resolver over the installed bundles and the package repository; applying it either commits
 * a new generation or puts the previous one back, exactly as it was. Requests are serialized: two
 * callers never interleave.
 * <p>
 * The bundles this service manages are installed under the location
 * {@code gtach:app:<symbolic-name>}, one version per symbolic name. Every other bundle (the
 * framework, the runtime's base set) is never touched; the resolver may wire to it.
 */
@ProviderType
public interface UpdateService {

    /**
     * Resolves a request without changing anything (a dry run).
     *
     * @throws UpdateRefusedException when the request cannot be satisfied, with one sentence naming
     *         the missing requirement and who needs it
     */
    Plan plan(UpdateRequest request) throws UpdateException;

    /**
     * Plans, stages, applies, verifies and commits a request.
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
     * Makes the bundle set of an earlier generation run again, recorded as a new generation.
     *
     * @param generation the generation to return to; {@code 0} means the one before the current
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

    /** The generation running now; number 0 when nothing was ever committed. */
    Generation current();

    /** Every attempt, committed or not, oldest first. */
    List<Attempt> history();
}
