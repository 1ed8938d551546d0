package gtach.provisioning.itests;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.Change;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.ManagedBundle;
import gtach.provisioning.update.PackageRange;
import gtach.provisioning.update.Plan;
import gtach.provisioning.update.UpdateRefusedException;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.update.UpdateService;
import gtach.provisioning.version.SemanticRange;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static gtach.provisioning.itests.TestBundles.bundle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The update service in a real Felix: how it plans (resolution, version choice, refusals) and the
 * rules it keeps when it applies (update in place, minimal refresh, serialized requests). Every
 * scenario uses bundle names of its own, since the framework and the repository are shared by the
 * whole class; what a scenario installed through the service is uninstalled after it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UpdatePlanTest extends ProvisioningTestBase {

    private static final String DATABIND = "com.fasterxml.jackson.core.jackson-databind";
    private static final String CORE = "com.fasterxml.jackson.core.jackson-core";
    private static final String ANNOTATIONS = "com.fasterxml.jackson.core.jackson-annotations";

    @Test
    public void updatingDatabindMovesCoreAndAnnotationsItNeeds() throws Exception {
        UpdatePlanFramework framework = new UpdatePlanFramework(context);
        UpdateRequest installDatabind = UpdateRequest.install(DATABIND, range("[2.17.2,2.17.2]"));
        UpdateRequest updateDatabind = UpdateRequest.update(DATABIND, Optional.empty());

        // Given only the 2.17.2 trio stored: installing databind 2.17.2 pulls in core and annotations 2.17.2
        storeJackson("2.17.2");
        Plan install = updates().plan(installDatabind);
        assertThat(changes(install)).containsExactly("install " + ANNOTATIONS + " 2.17.2",
                "install " + CORE + " 2.17.2", "install " + DATABIND + " 2.17.2");
        assertThat(reason(install, DATABIND)).isEqualTo("requested");
        assertThat(reason(install, CORE)).contains(DATABIND);
        assertThat(reason(install, ANNOTATIONS)).contains(DATABIND);
        assertThat(refreshNames(install)).isSubsetOf(ANNOTATIONS, CORE, DATABIND);
        updates().apply(installDatabind);
        Bundle databind = framework.assertActive(DATABIND, "2.17.2");
        Bundle core = framework.assertActive(CORE, "2.17.2");
        Bundle annotations = framework.assertActive(ANNOTATIONS, "2.17.2");
        assertThat(framework.provider(databind, "com.fasterxml.jackson.core")).isEqualTo(core);

        // When 2.18.2 is stored and databind is updated
        storeJackson("2.18.2");
        Plan update = updates().plan(updateDatabind);

        // Then core and annotations move too, because databind 2.18.2 imports them at [2.18,3)
        assertThat(changes(update)).containsExactly("update " + ANNOTATIONS + " 2.17.2 -> 2.18.2",
                "update " + CORE + " 2.17.2 -> 2.18.2", "update " + DATABIND + " 2.17.2 -> 2.18.2");
        assertThat(reason(update, DATABIND)).isEqualTo("requested");
        assertThat(reason(update, CORE)).contains(DATABIND);
        assertThat(refreshNames(update)).containsExactlyInAnyOrder(ANNOTATIONS, CORE, DATABIND);
        Generation updated = updates().apply(updateDatabind);
        assertThat(updated).isEqualTo(updates().current());
        assertThat(managed(updated, DATABIND)).satisfies(m -> {
            assertThat(m.version()).isEqualTo("2.18.2");
            assertThat(m.location()).isEqualTo("gtach:app:" + DATABIND);
            assertThat(m.requested()).isTrue();
        });
        assertThat(managed(updated, CORE).version()).isEqualTo("2.18.2");
        assertThat(managed(updated, CORE).requested()).isFalse();
        // updated in place: the same bundles, now at 2.18.2 and wired to each other
        assertThat(framework.assertActive(DATABIND, "2.18.2").getBundleId()).isEqualTo(databind.getBundleId());
        assertThat(framework.assertActive(CORE, "2.18.2").getBundleId()).isEqualTo(core.getBundleId());
        assertThat(framework.assertActive(ANNOTATIONS, "2.18.2").getBundleId()).isEqualTo(annotations.getBundleId());
        assertThat(framework.provider(databind, "com.fasterxml.jackson.annotation")).isEqualTo(annotations);

        // When databind is uninstalled, what only it needed goes with it
        updates().apply(UpdateRequest.uninstall(DATABIND));
        List.of(ANNOTATIONS, CORE, DATABIND).forEach(framework::assertAbsent);

        // With both trios stored, a fresh databind 2.17.2 gets the highest core and annotations in its range
        Plan fresh = updates().plan(installDatabind);
        assertThat(changes(fresh)).containsExactly("install " + ANNOTATIONS + " 2.18.2",
                "install " + CORE + " 2.18.2", "install " + DATABIND + " 2.17.2");
        updates().apply(installDatabind);
        databind = framework.assertActive(DATABIND, "2.17.2");
        assertThat(framework.provider(databind, "com.fasterxml.jackson.core").getVersion().toString()).isEqualTo("2.18.2");

        // and updating databind then moves databind alone, and refreshes nothing it does not export to
        Plan alone = updates().plan(updateDatabind);
        assertThat(changes(alone)).containsExactly("update " + DATABIND + " 2.17.2 -> 2.18.2");
        assertThat(refreshNames(alone)).containsExactly(DATABIND);
    }

    @Test
    public void highestSemanticVersionWinsAndPreReleasesOrDowngradesNeedConsent() throws Exception {
        UpdatePlanFramework framework = new UpdatePlanFramework(context);
        store(bundle("sem.pick", "1.0.0"), bundle("sem.pick", "1.1.0"), bundle("sem.pick", "1.2.0.rc_1"));

        // Given the newest release installed, not the pre-release 1.2.0-rc.1 that OSGi orders above it
        assertThat(changes(updates().plan(install("sem.pick")))).containsExactly("install sem.pick 1.1.0");
        updates().apply(install("sem.pick"));
        Bundle pick = framework.assertActive("sem.pick", "1.1.0");

        // Then the pre-release is chosen only when asked for
        assertThat(updates().plan(UpdateRequest.update("sem.pick", Optional.empty())).changes()).isEmpty();
        Plan pre = updates().plan(UpdateRequest.update("sem.pick", Optional.empty()).withPreReleases());
        assertThat(pre.changes()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Change.Kind.UPDATE);
            assertThat(c.from()).contains("1.1.0");
            assertThat(c.to().orElseThrow()).isIn("1.2.0.rc_1", "1.2.0-rc.1");
        });

        // When 1.2.0 is stored, it wins by SemVer precedence over 1.2.0-rc.1, with or without pre-releases
        store(bundle("sem.pick", "1.2.0"));
        assertThat(changes(updates().plan(UpdateRequest.update("sem.pick", Optional.empty()).withPreReleases())))
                .containsExactly("update sem.pick 1.1.0 -> 1.2.0");
        assertThat(changes(updates().plan(UpdateRequest.update("sem.pick", Optional.empty()))))
                .containsExactly("update sem.pick 1.1.0 -> 1.2.0");

        // A range below the installed version is refused, unless a downgrade is allowed
        UpdateRequest back = UpdateRequest.update("sem.pick", range("[1.0.0,1.0.0]"));
        List<String> before = framework.snapshot();
        assertThat(refusal(() -> updates().plan(back))).contains("sem.pick").contains("1.1.0");
        assertThat(refusal(() -> updates().apply(back))).contains("sem.pick").contains("1.1.0");
        assertThat(framework.snapshot()).isEqualTo(before);
        assertThat(changes(updates().plan(back.allowingDowngrade()))).containsExactly("update sem.pick 1.1.0 -> 1.0.0");
        updates().apply(back.allowingDowngrade());
        assertThat(framework.assertActive("sem.pick", "1.0.0").getBundleId()).isEqualTo(pick.getBundleId());
    }

    @Test
    public void unsatisfiableRequestIsRefusedBeforeAnythingChanges() throws Exception {
        UpdatePlanFramework framework = new UpdatePlanFramework(context);
        // Given an application whose one import is stored and whose other import nobody provides,
        // and whose library imports another package nobody provides
        store(bundle("unsat.lib", "1.0.0").exports("unsat.lib;version=1.0.0")
                        .imports("unsat.other;version=\"[2.6,3)\""),
                bundle("unsat.app", "1.0.0").imports("unsat.lib;version=\"[1.0.0,2.0.0)\","
                        + "unsat.missing;version=\"[1.0.0,2.0.0)\""));
        List<String> bundles = framework.snapshot();
        Generation current = updates().current();
        List<Attempt> history = updates().history();

        // When it is planned or applied, it is refused, naming both packages, their ranges and who needs each
        for (ThrowingCallable call : List.<ThrowingCallable>of(() -> updates().plan(install("unsat.app")),
                () -> updates().apply(install("unsat.app")))) {
            assertThat(refusal(call)).contains("2 requirements have no installed or allowed stored provider: ")
                    .contains("package unsat.missing [1.0.0,2.0.0) needed by unsat.app 1.0.0")
                    .contains("package unsat.other [2.6.0,3.0.0) needed by unsat.lib 1.0.0");
        }
        // and a name that nothing in the repository has is refused, naming it
        assertThat(refusal(() -> updates().apply(install("unsat.nowhere")))).contains("unsat.nowhere");

        // Then nothing changed: no bundle, no generation, no attempt
        framework.assertAbsent("unsat.lib");
        framework.assertAbsent("unsat.app");
        assertThat(framework.snapshot()).isEqualTo(bundles);
        assertThat(updates().current()).isEqualTo(current);
        assertThat(updates().history()).isEqualTo(history);
    }

    @Test
    public void updateThatBreaksAnInstalledConsumerIsRefusedUnlessTheConsumerMovesToo() throws Exception {
        UpdatePlanFramework framework = new UpdatePlanFramework(context);
        // Given consumer 1.0.0 importing brk.x [1,2) from provider 1.0.0
        store(bundle("brk.provider", "1.0.0").exports("brk.x;version=1.0.0"),
                bundle("brk.consumer", "1.0.0").imports("brk.x;version=\"[1,2)\""));
        updates().apply(install("brk.consumer"));
        Bundle provider = framework.assertActive("brk.provider", "1.0.0");
        Bundle consumer = framework.assertActive("brk.consumer", "1.0.0");
        // and provider 1.1.0 and 2.0.0, and consumer 2.0.0 importing [2,3), stored later
        store(bundle("brk.provider", "1.1.0").exports("brk.x;version=1.1.0"),
                bundle("brk.provider", "2.0.0").exports("brk.x;version=2.0.0"),
                bundle("brk.consumer", "2.0.0").imports("brk.x;version=\"[2,3)\""));
        List<String> before = framework.snapshot();

        // When the provider alone is asked to move to 2.0.0, it is refused naming the consumer
        UpdateRequest provider2 = UpdateRequest.update("brk.provider", range("[2.0.0,3.0.0)"));
        assertThat(refusal(() -> updates().plan(provider2))).contains("brk.consumer");
        assertThat(refusal(() -> updates().apply(provider2))).contains("brk.consumer");
        assertThat(framework.snapshot()).isEqualTo(before);

        // Updating everything stays within each major version: the provider to 1.1.0, refreshing its consumer
        Plan all = updates().plan(UpdateRequest.updateAll());
        assertThat(changes(all).stream().filter(c -> c.contains(" brk."))).containsExactly("update brk.provider 1.0.0 -> 1.1.0");
        assertThat(refreshNames(all).stream().filter(n -> n.startsWith("brk.")))
                .containsExactlyInAnyOrder("brk.consumer", "brk.provider");

        // Updating the consumer to 2.0.0 moves the provider with it
        UpdateRequest consumer2 = UpdateRequest.update("brk.consumer", range("[2.0.0,3.0.0)"));
        Plan plan = updates().plan(consumer2);
        assertThat(changes(plan)).containsExactly("update brk.consumer 1.0.0 -> 2.0.0", "update brk.provider 1.0.0 -> 2.0.0");
        assertThat(reason(plan, "brk.consumer")).isEqualTo("requested");
        assertThat(reason(plan, "brk.provider")).contains("brk.consumer");
        assertThat(refreshNames(plan)).containsExactlyInAnyOrder("brk.consumer", "brk.provider");
        updates().apply(consumer2);
        assertThat(framework.assertActive("brk.provider", "2.0.0").getBundleId()).isEqualTo(provider.getBundleId());
        assertThat(framework.assertActive("brk.consumer", "2.0.0").getBundleId()).isEqualTo(consumer.getBundleId());
        assertThat(framework.provider(consumer, "brk.x")).isEqualTo(provider);
    }

    @Test
    public void severalPackagesInOneRequestAreOneGeneration() throws Exception {
        UpdatePlanFramework framework = new UpdatePlanFramework(context);
        // Given a provider and a consumer of its 1.x API, and both in 2.0.0 stored, the consumer on the 2.x API
        store(bundle("two.provider", "1.0.0").exports("two.x;version=1.0.0"),
                bundle("two.consumer", "1.0.0").imports("two.x;version=\"[1,2)\""),
                bundle("two.provider", "2.0.0").exports("two.x;version=2.0.0"),
                bundle("two.consumer", "2.0.0").imports("two.x;version=\"[2,3)\""));
        int attemptsBefore = updates().history().size();
        int before = updates().current().number();

        // When both are installed in one request, the provider without a range, then its newest does not fit
        List<String> empty = framework.snapshot();
        assertThat(refusal(() -> updates().apply(UpdateRequest.install(List.of(
                PackageRange.of("two.consumer", SemanticRange.parse("^1")), PackageRange.of("two.provider"))))))
                .endsWith("but this request installs two.provider 2.0.0, which exports it at 2.0.0: choose versions "
                        + "of two.consumer and two.provider that fit each other; nothing was changed.");
        assertThat(framework.snapshot()).isEqualTo(empty);
        assertThat(updates().history()).hasSize(attemptsBefore);

        // When both are installed in one request, each in its 1.x
        Generation installed = updates().apply(UpdateRequest.install(List.of(
                PackageRange.of("two.consumer", SemanticRange.parse("^1")), PackageRange.of("two.provider", SemanticRange.parse("^1")))));

        // Then one new generation holds both, each requested, and one attempt names both
        assertThat(installed.number()).isEqualTo(before + 1);
        assertThat(updates().current()).isEqualTo(installed);
        Bundle provider = framework.assertActive("two.provider", "1.0.0");
        Bundle consumer = framework.assertActive("two.consumer", "1.0.0");
        assertThat(managed(installed, "two.consumer").requested()).isTrue();
        assertThat(managed(installed, "two.provider").requested()).isTrue();
        assertThat(updates().history().subList(attemptsBefore, updates().history().size())).singleElement().satisfies(a -> {
            assertThat(a.generation()).isEqualTo(installed.number());
            assertThat(a.request()).isEqualTo("install two.consumer ^1 two.provider ^1");
            assertThat(a.changes()).containsExactly("install two.consumer 1.0.0", "install two.provider 1.0.0");
            assertThat(a.outcome()).isEqualTo(Attempt.Outcome.COMMITTED);
        });

        // When the provider alone is moved to 2.x, the refusal names the request that moves both
        List<String> snapshot = framework.snapshot();
        assertThat(refusal(() -> updates().apply(UpdateRequest.update("two.provider", range("[2,3)")))))
                .contains("change both in one request (gtach:update two.provider '[2,3)' two.consumer ^2.0)");
        assertThat(framework.snapshot()).isEqualTo(snapshot);

        // and that request moves both in place, as one more generation
        UpdateRequest both = UpdateRequest.update(List.of(PackageRange.of("two.provider", SemanticRange.parse("[2,3)")),
                PackageRange.of("two.consumer", SemanticRange.parse("^2.0"))));
        Generation updated = updates().apply(both);
        assertThat(updated.number()).isEqualTo(installed.number() + 1);
        assertThat(framework.assertActive("two.provider", "2.0.0").getBundleId()).isEqualTo(provider.getBundleId());
        assertThat(framework.assertActive("two.consumer", "2.0.0").getBundleId()).isEqualTo(consumer.getBundleId());
        assertThat(framework.provider(consumer, "two.x")).isEqualTo(provider);
        Attempt last = updates().history().get(updates().history().size() - 1);
        assertThat(last.request()).isEqualTo("update two.provider [2,3) two.consumer ^2.0");
        assertThat(last.generation()).isEqualTo(updated.number());

        // When both are uninstalled in one request, both go, in one more generation
        Generation removed = updates().apply(UpdateRequest.uninstall(List.of("two.consumer", "two.provider")));
        assertThat(removed.number()).isEqualTo(updated.number() + 1);
        framework.assertAbsent("two.consumer");
        framework.assertAbsent("two.provider");
        assertThat(updates().history()).hasSize(attemptsBefore + 3);
    }

    @Test
    public void onlyBundlesWiredToTheChangeAreStoppedAndRefreshed() throws Exception {
        UpdatePlanFramework framework = new UpdatePlanFramework(context);
        // Given a chain app -> mid -> lib, and an independent bundle, managed and not
        store(bundle("min.lib", "1.0.0").exports("min.lib;version=1.0.0"),
                bundle("min.mid", "1.0.0").imports("min.lib;version=\"[1,2)\"").exports("min.mid;version=1.0.0"),
                bundle("min.app", "1.0.0").imports("min.mid;version=\"[1,2)\""),
                bundle("min.indep", "1.0.0").exports("min.indep;version=1.0.0"));
        updates().apply(install("min.app"));
        updates().apply(install("min.indep"));
        Bundle outsider = install(bundle("min.outsider", "1.0.0").imports("min.indep;version=\"[1,2)\""), "test:min.outsider");
        outsider.start();
        framework.assertActive("min.lib", "1.0.0");
        store(bundle("min.lib", "1.1.0").exports("min.lib;version=1.1.0"));

        // When lib is updated
        UpdateRequest updateLib = UpdateRequest.update("min.lib", Optional.empty());
        Plan plan = updates().plan(updateLib);
        assertThat(changes(plan)).containsExactly("update min.lib 1.0.0 -> 1.1.0");
        assertThat(refreshNames(plan)).containsExactlyInAnyOrder("min.lib", "min.mid", "min.app");
        try (UpdatePlanEvents events = UpdatePlanEvents.record(context)) {
            updates().apply(updateLib);

            // Then exactly the planned refresh set was stopped, and the independent bundles never were
            assertThat(events.names(BundleEvent.STOPPED)).containsExactlyInAnyOrderElementsOf(refreshNames(plan));
            assertThat(events.names()).doesNotContain("min.indep", "min.outsider");
        }
        framework.assertActive("min.lib", "1.1.0");
        framework.assertActive("min.mid", "1.0.0");
        framework.assertActive("min.app", "1.0.0");
        framework.assertActive("min.indep", "1.0.0");
        assertThat(outsider.getState()).isEqualTo(Bundle.ACTIVE);
    }

    @Test
    public void aBundleOutsideTheApplicationIsNeverLeftWithoutItsProvider() throws Exception {
        // Given a managed provider and a consumer installed by hand, which no plan can re-resolve
        store(bundle("out.provider", "1.0.0").exports("out.x;version=1.0.0"),
                bundle("out.provider", "2.0.0").exports("out.x;version=2.0.0"),
                bundle("out.provider", "1.1.0").exports("out.x;version=1.1.0"));
        updates().apply(UpdateRequest.install("out.provider", range("[1.0,1.1)")));
        Bundle consumer = install(bundle("out.consumer", "1.0.0").imports("out.x;version=\"[1,2)\""), "test:out.consumer");
        consumer.start();
        Generation before = updates().current();

        // When the provider would move to 2.0.0, the version bundle's compatibility check refuses it
        String refused = refusal(() -> updates().apply(UpdateRequest.update("out.provider", range("[2,3)"))));
        assertThat(refused).contains("out.consumer 1.0.0").contains("not managed by the update service")
                .contains("Import-Package: out.x").endsWith("nothing was changed.");
        // and uninstalling it is refused too
        assertThat(refusal(() -> updates().apply(UpdateRequest.uninstall("out.provider")))).contains("out.consumer");
        assertThat(updates().current()).isEqualTo(before);
        assertThat(consumer.getState()).isEqualTo(Bundle.ACTIVE);

        // A compatible move keeps the consumer wired and running
        updates().apply(UpdateRequest.update("out.provider", range("^1.0")));
        assertThat(consumer.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(managed(updates().current(), "out.provider").version()).isEqualTo("1.1.0");
        consumer.uninstall();
    }

    @Test
    public void uninstallKeepsWhatOthersNeedAndTakesAlongWhatNoOneNeeds() throws Exception {
        UpdatePlanFramework framework = new UpdatePlanFramework(context);
        // Given app needing lib (pulled in) and shared (requested on its own)
        store(bundle("rm.lib", "1.0.0").exports("rm.lib;version=1.0.0"),
                bundle("rm.shared", "1.0.0").exports("rm.shared;version=1.0.0"),
                bundle("rm.app", "1.0.0").imports("rm.lib;version=\"[1,2)\",rm.shared;version=\"[1,2)\""));
        updates().apply(install("rm.shared"));
        updates().apply(install("rm.app"));
        List<String> before = framework.snapshot();

        // When a bundle app needs is uninstalled, it is refused naming app
        assertThat(refusal(() -> updates().plan(UpdateRequest.uninstall("rm.lib")))).contains("rm.app");
        assertThat(refusal(() -> updates().apply(UpdateRequest.uninstall("rm.shared")))).contains("rm.app");
        assertThat(framework.snapshot()).isEqualTo(before);

        // When app is uninstalled, lib goes with it and the requested shared stays
        Plan plan = updates().plan(UpdateRequest.uninstall("rm.app"));
        assertThat(changes(plan)).containsExactly("uninstall rm.app 1.0.0", "uninstall rm.lib 1.0.0");
        Generation after = updates().apply(UpdateRequest.uninstall("rm.app"));
        framework.assertAbsent("rm.app");
        framework.assertAbsent("rm.lib");
        framework.assertActive("rm.shared", "1.0.0");
        assertThat(after.bundles()).extracting(ManagedBundle::symbolicName).contains("rm.shared")
                .doesNotContain("rm.app", "rm.lib");
        assertThat(managed(after, "rm.shared").requested()).isTrue();
    }

    @Test
    public void bundlesTheServiceDoesNotManageAreRefused() throws Exception {
        UpdatePlanFramework framework = new UpdatePlanFramework(context);
        // Given newer versions of provisioning bundles in the repository, so that only the rule can refuse
        store(bundle("gtach.provisioning.update", "99.0.0"), bundle("org.apache.felix.scr", "99.0.0"));
        List<String> before = framework.snapshot();
        long systemModified = context.getBundle(0).getLastModified();

        for (UpdateRequest request : List.of(UpdateRequest.update("gtach.provisioning.update", Optional.empty()),
                UpdateRequest.update("org.apache.felix.scr", Optional.empty()),
                UpdateRequest.uninstall("org.apache.felix.scr"),
                UpdateRequest.uninstall("gtach.provisioning.update"),
                UpdateRequest.update(context.getBundle(0).getSymbolicName(), Optional.empty()),
                UpdateRequest.uninstall("system.bundle"))) {
            String name = request.names().get(0);
            assertThat(refusal(() -> updates().plan(request))).as(request.toString()).contains(name);
            assertThat(refusal(() -> updates().apply(request))).as(request.toString()).contains(name);
            if (name.equals("system.bundle") || name.equals(context.getBundle(0).getSymbolicName())) {
                assertThat(refusal(() -> updates().plan(request))).contains("the system bundle is never changed");
            }
        }

        assertThat(framework.snapshot()).isEqualTo(before);
        assertThat(context.getBundle(0).getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(context.getBundle(0).getLastModified()).isEqualTo(systemModified);
    }

    @Test
    public void concurrentAppliesAreSerialized() throws Exception {
        store(bundle("par.a.lib", "1.0.0").exports("par.a.lib;version=1.0.0"),
                bundle("par.a", "1.0.0").imports("par.a.lib;version=\"[1,2)\""),
                bundle("par.b.lib", "1.0.0").exports("par.b.lib;version=1.0.0"),
                bundle("par.b", "1.0.0").imports("par.b.lib;version=\"[1,2)\""));
        UpdateService updates = updates();
        int attemptsBefore = updates.history().size();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<Object> outcomes = new ArrayList<>();

        // When both are applied at once, each install held up a while inside the framework
        try (UpdatePlanEvents events = UpdatePlanEvents.recordPausing(context, "par.", 100)) {
            List<Future<Object>> futures = new ArrayList<>();
            for (String name : List.of("par.a", "par.b")) {
                Callable<Object> apply = () -> {
                    go.await();
                    try {
                        return updates.apply(install(name));
                    } catch (UpdateRefusedException e) {
                        return e;
                    }
                };
                futures.add(threads.submit(apply));
            }
            go.countDown();
            for (Future<Object> future : futures) {
                outcomes.add(outcome(future));
            }

            // Then the framework saw one request's changes, then the other's, never a mix
            List<String> runs = new ArrayList<>();
            for (UpdatePlanEvents.Event event : events.events()) {
                if (event.symbolicName().startsWith("par.")) {
                    String request = event.symbolicName().startsWith("par.a") ? "par.a" : "par.b";
                    if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(request)) {
                        runs.add(request);
                    }
                }
            }
            assertThat(runs).as("order of the requests' bundle events").doesNotHaveDuplicates();
        } finally {
            threads.shutdownNow();
        }

        // and each one that went through is its own attempt and generation, built on the one before
        List<Generation> committed = outcomes.stream().filter(Generation.class::isInstance).map(Generation.class::cast).toList();
        outcomes.stream().filter(UpdateRefusedException.class::isInstance)
                .forEach(e -> assertThat(((Exception) e).getMessage()).as("refusal").isNotBlank());
        assertThat(committed).as("requests that went through").isNotEmpty();
        List<Attempt> attempts = updates.history().subList(attemptsBefore, updates.history().size());
        assertThat(attempts).hasSize(committed.size()).allSatisfy(a -> assertThat(a.outcome()).isEqualTo(Attempt.Outcome.COMMITTED));
        assertThat(attempts).extracting(Attempt::generation).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(committed.stream().map(Generation::number).toList());
        if (committed.size() == 2) {
            assertThat(attempts).extracting(Attempt::request).containsExactlyInAnyOrder("install par.a", "install par.b");
            assertThat(attempts.get(1).generation()).isEqualTo(attempts.get(0).generation() + 1);
            assertThat(updates.current().bundles()).extracting(ManagedBundle::symbolicName)
                    .contains("par.a", "par.a.lib", "par.b", "par.b.lib");
        }
    }

    @Test
    public void planChangesNothing() throws Exception {
        UpdatePlanFramework framework = new UpdatePlanFramework(context);
        store(bundle("dry.lib", "1.0.0").exports("dry.lib;version=1.0.0"),
                bundle("dry.app", "1.0.0").imports("dry.lib;version=\"[1,2)\""));
        updates().apply(install("dry.app"));
        store(bundle("dry.lib", "1.1.0").exports("dry.lib;version=1.1.0"), bundle("dry.other", "1.0.0"));
        List<String> bundles = framework.snapshot();
        Generation current = updates().current();
        List<Attempt> history = updates().history();

        // When an install, an update, an uninstall and an update of everything are planned
        List<Plan> plans = List.of(updates().plan(install("dry.other")),
                updates().plan(UpdateRequest.update("dry.lib", Optional.empty())),
                updates().plan(UpdateRequest.uninstall("dry.app")),
                updates().plan(UpdateRequest.updateAll()));

        // Then each would change something, yet nothing changed
        assertThat(plans).allSatisfy(p -> assertThat(p.isEmpty()).as(p.request().toString()).isFalse());
        assertThat(framework.snapshot()).isEqualTo(bundles);
        framework.assertAbsent("dry.other");
        framework.assertActive("dry.lib", "1.0.0");
        assertThat(updates().current()).isEqualTo(current);
        assertThat(updates().history()).isEqualTo(history);
    }

    @Test
    public void thePlannedRefreshSetIsTheFrameworksOwnClosure() throws Exception {
        UpdatePlanFramework framework = new UpdatePlanFramework(context);
        // Given a chain lib <- mid <- top, a fragment attached to mid, and a bundle beside them
        store(bundle("clo.lib", "1.0.0").exports("clo.lib;version=1.0.0"),
                bundle("clo.mid", "1.0.0").imports("clo.lib;version=\"[1,2)\"").exports("clo.mid;version=1.0.0"),
                bundle("clo.top", "1.0.0").imports("clo.mid;version=\"[1,2)\""),
                bundle("clo.frag", "1.0.0").header("Fragment-Host", "clo.mid"),
                bundle("clo.aside", "1.0.0"),
                bundle("clo.lib", "1.1.0").exports("clo.lib;version=1.1.0"));
        updates().apply(UpdateRequest.install("clo.lib", range("[1.0.0,1.0.0]")));
        updates().apply(install("clo.top"));
        updates().apply(install("clo.frag"));
        updates().apply(install("clo.aside"));
        Bundle lib = framework.assertActive("clo.lib", "1.0.0");
        Bundle mid = framework.assertActive("clo.mid", "1.0.0");

        // When an update of the library and an uninstall of the fragment are planned
        Plan update = updates().plan(UpdateRequest.update("clo.lib", Optional.empty()));
        Plan uninstall = updates().plan(UpdateRequest.uninstall("clo.frag"));

        // Then each refresh set is exactly what Felix itself would refresh
        org.osgi.framework.wiring.FrameworkWiring wiring = context.getBundle(0)
                .adapt(org.osgi.framework.wiring.FrameworkWiring.class);
        assertThat(refreshNames(update)).containsExactlyInAnyOrderElementsOf(
                wiring.getDependencyClosure(List.of(lib)).stream().map(Bundle::getSymbolicName).toList());
        assertThat(refreshNames(update)).contains("clo.lib", "clo.mid", "clo.top", "clo.frag").doesNotContain("clo.aside");
        Bundle fragment = framework.managed("clo.frag").orElseThrow();
        assertThat(refreshNames(uninstall)).containsExactlyInAnyOrderElementsOf(
                wiring.getDependencyClosure(List.of(fragment)).stream().map(Bundle::getSymbolicName).toList());
        assertThat(refreshNames(uninstall)).contains("clo.frag", "clo.mid", "clo.top").doesNotContain("clo.lib");
        assertThat(mid.getState()).isEqualTo(Bundle.ACTIVE);
    }

    /** Leaves no managed bundle behind for the next scenario, whatever this one left. */
    @After
    public void uninstallManagedBundles() throws Exception {
        UpdateService updates = updates();
        uninstallRequested(updates, List.of());
    }

    private UpdateService updates() throws InterruptedException {
        return service(UpdateService.class);
    }

    private static UpdateRequest install(String name) {
        return UpdateRequest.install(name, Optional.empty());
    }

    private static Optional<SemanticRange> range(String text) {
        return Optional.of(SemanticRange.parse(text));
    }

    private void store(TestBundles... bundles) throws Exception {
        Path dir = Files.createTempDirectory("update-plan-bundles");
        for (TestBundles b : bundles) {
            stored(b.writeTo(dir));
        }
    }

    private void storeJackson(String version) throws Exception {
        for (String artifact : List.of("jackson-annotations", "jackson-core", "jackson-databind")) {
            stored(Path.of(System.getProperty("itest.data"), artifact + "-" + version + ".jar"));
        }
    }

    private void stored(Path jar) throws Exception {
        List<AddOutcome> outcomes = service(PackageRepository.class).add(jar.toString());
        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.status()).as(o.message())
                .isIn(AddOutcome.Status.ADDED, AddOutcome.Status.ALREADY_PRESENT));
    }

    /** The plan's changes as an operator reads them, e.g. {@code update tach 1.0.0 -> 1.1.0}. */
    private static List<String> changes(Plan plan) {
        return plan.changes().stream().map(Change::toString).toList();
    }

    /** The symbolic names of the plan's refresh set. */
    private static List<String> refreshNames(Plan plan) {
        return plan.refresh().stream().map(entry -> entry.split(" ")[0]).toList();
    }

    private static String reason(Plan plan, String symbolicName) {
        return plan.changes().stream().filter(c -> c.symbolicName().equals(symbolicName)).map(Change::reason)
                .findFirst().orElseThrow(() -> new AssertionError("No change of " + symbolicName + " in " + plan));
    }

    private static ManagedBundle managed(Generation generation, String symbolicName) {
        return generation.bundles().stream().filter(m -> m.symbolicName().equals(symbolicName)).findFirst()
                .orElseThrow(() -> new AssertionError(symbolicName + " is not in generation " + generation.number()));
    }

    /** The message of the refusal the call must end in, checked to be one sentence. */
    private static String refusal(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(UpdateRefusedException.class);
        assertThat(thrown.getMessage()).as("refusal message").isNotBlank().doesNotContain("\n").endsWith(".");
        return thrown.getMessage();
    }

    private static Object outcome(Future<Object> future) throws Exception {
        try {
            // bounded only so that a deadlock fails the test instead of hanging the build
            return future.get(2, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw new AssertionError("A concurrent apply failed: " + e.getCause(), e.getCause());
        }
    }
}
