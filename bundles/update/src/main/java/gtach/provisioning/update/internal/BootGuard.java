package gtach.provisioning.update.internal;

import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.UpdateException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.log.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.Lock;

/**
 * Counts the boots of the current generation that did not bring the application up. A generation
 * that fails {@code limit} boots in a row (the JVM died while starting it, or its bundles did not
 * start) is abandoned for the newest earlier generation with a different bundle set, recorded as a
 * new generation, as Mender and RAUC do with their boot counters.
 */
final class BootGuard {

    private final BundleContext context;
    private final StateStore store;
    private final Restorer restorer;
    private final InUseMarks marks;
    private final Lock lock;
    private final Logger log;

    BootGuard(BundleContext context, StateStore store, Restorer restorer, InUseMarks marks, Lock lock, Logger log) {
        this.context = context;
        this.store = store;
        this.restorer = restorer;
        this.marks = marks;
        this.lock = lock;
        this.log = log;
    }

    /** Counts a boot of the current generation before the application starts; abandons it after too many. */
    void countBoot(int limit, Duration timeout) throws UpdateException {
        lock.lock();
        try {
            int number = store.currentNumber();
            BootRecord boots = boots().forGeneration(number);
            if (boots.unconfirmedStarts() >= limit && number > 0) {
                Generation current = store.current();
                Optional<Generation> fallback = fallbackFor(current, boots);
                if (fallback.isPresent()) {
                    boots = abandon(current, fallback.get(), boots, timeout);
                }
            }
            store.writeBoots(boots.started());
        } catch (IOException e) {
            throw new UpdateException(DamagedStateFile.sentence(e, "Cannot count this boot in " + store.root()), e);
        } finally {
            lock.unlock();
        }
    }

    /** The application of the current generation came up: its boots count as good again. */
    void confirmBoot() throws UpdateException {
        lock.lock();
        try {
            BootRecord boots = boots().forGeneration(store.currentNumber());
            if (boots.unconfirmedStarts() > 0 && applicationRuns()) {
                store.writeBoots(boots.confirmed());
            }
        } catch (IOException e) {
            throw new UpdateException(DamagedStateFile.sentence(e, "Cannot record a good boot in " + store.root()), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The boot record, or a fresh one when it is damaged. The guard is a safety net: a garbled count
     * must not keep the application from starting. Starting afresh only delays an abandon by at most
     * {@code limit} boots, and the file is only ever replaced whole (temp file and rename), so a crash
     * cannot garble it: damage came from outside, and the count it held is unknowable anyway.
     */
    private BootRecord boots() throws IOException {
        try {
            return store.boots();
        } catch (DamagedStateFile e) {
            log.warn("{} Counting the boots of generation {} afresh.", e.getMessage(), store.currentNumber());
            return BootRecord.fresh(store.currentNumber());
        }
    }

    /**
     * Every managed bundle meant to run does: read from the framework alone, right after the boot.
     * Only states are needed, so not a whole {@link FrameworkView}: this runs on every boot.
     */
    private boolean applicationRuns() {
        for (Bundle bundle : ManagedBundles.installed(context).values()) {
            if (bundle.adapt(BundleStartLevel.class).isPersistentlyStarted() && !Reconciler.isFragment(bundle)
                    && bundle.getState() != Bundle.ACTIVE) {
                return false;
            }
        }
        return true;
    }

    private Optional<Generation> fallbackFor(Generation failing, BootRecord boots) throws IOException {
        Set<String> failingSet = contentOf(failing);
        List<Set<String>> abandonedSets = new ArrayList<>();
        for (int a : boots.abandoned()) {
            readable(a).ifPresent(g -> abandonedSets.add(contentOf(g)));
        }
        for (int n = failing.number() - 1; n >= 0; n--) {
            if (boots.abandoned().contains(n)) {
                continue;
            }
            Optional<Generation> candidate = readable(n);
            if (candidate.isPresent() && !contentOf(candidate.get()).equals(failingSet)
                    && !abandonedSets.contains(contentOf(candidate.get()))) {
                return candidate;
            }
        }
        return Optional.empty();
    }

    /** A generation to fall back to; a damaged one is passed over, since an older intact one may do. */
    private Optional<Generation> readable(int number) throws IOException {
        try {
            return store.generation(number);
        } catch (DamagedStateFile e) {
            log.warn("{} It is passed over as a generation to fall back to.", e.getMessage());
            return Optional.empty();
        }
    }

    private BootRecord abandon(Generation failing, Generation fallback, BootRecord boots, Duration timeout)
            throws IOException, UpdateException {
        int to = failing.number() + 1;
        String cause = "automatic rollback to " + fallback.number();
        String reason = "generation " + failing.number() + " did not bring the application up in "
                + boots.unconfirmedStarts() + " boots in a row";
        List<String> touched = failing.bundles().stream().map(b -> b.location()).toList();
        String failed = restorer.restore(fallback, touched, Optional.empty(), timeout);
        if (!failed.isEmpty()) {
            throw new UpdateException("Cannot abandon generation " + failing.number() + " for generation "
                    + fallback.number() + ": " + failed + ".");
        }
        log.warn("Abandoning generation {}: {}; generation {} runs again as generation {}.", failing.number(), reason,
                fallback.number(), to);
        marks.keep(InUseMarks.usesOf(fallback));
        Generation committed = new Generation(to, Instant.now(), cause, fallback.bundles());
        store.commit(committed);
        List<Integer> abandoned = new ArrayList<>(boots.abandoned());
        abandoned.add(failing.number());
        store.record(new Attempt(to, committed.time(), cause, List.of(), Attempt.Outcome.ROLLED_BACK, reason));
        DurableFiles.deleteTree(store.transactionDirectory());
        return new BootRecord(to, 0, abandoned);
    }

    private static Set<String> contentOf(Generation generation) {
        Set<String> content = new TreeSet<>();
        generation.bundles().forEach(b -> content.add(b.symbolicName() + " " + b.version() + " " + b.sha256()));
        return content;
    }
}
