package gtach.provisioning.update.internal;

import gtach.provisioning.update.Plan;
import gtach.provisioning.update.UpdateRefusedException;
import gtach.provisioning.update.UpdateRequest;
import org.apache.felix.resolver.Logger;
import org.apache.felix.resolver.ResolverImpl;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The refresh policy and the reasons a plan gives for each bundle it restarts, over the real Felix resolver. */
class RefreshPolicyTest {

    private static final String RANGE = "[1.0.0,2.0.0)";

    private final StoredPackages packages = new StoredPackages();
    private final ViewBuilder framework = new ViewBuilder();

    private Plan plan(RefreshPolicy policy, UpdateRequest request) throws UpdateRefusedException {
        Planner planner = new Planner(packages, packages.repository(), null, new ResolverImpl(new Logger(Logger.LOG_ERROR)),
                new UnreadableJars(), policy);
        return planner.plan(request, framework.generation(1), framework.view()).plan();
    }

    /** A library, a service bundle importing it, and a display importing the service's API: two hops. */
    private void libraryServiceAndDisplay() {
        BundleState lib = framework.dependency("bench.lib", "1.0.0");
        BundleState service = framework.requested("bench.service", "1.0.0");
        BundleState display = framework.requested("bench.display", "1.0.0");
        framework.wire(service, "bench.lib", RANGE, lib).wire(display, "bench.service", RANGE, service);
        packages.add(Resources.bundle("bench.lib", "1.0.0").exports("bench.lib", "1.0.0"),
                Resources.bundle("bench.lib", "1.1.0").exports("bench.lib", "1.1.0"),
                Resources.bundle("bench.service", "1.0.0").imports("bench.lib", RANGE).exports("bench.service", "1.0.0"),
                Resources.bundle("bench.display", "1.0.0").imports("bench.service", RANGE));
    }

    @Test
    void thePlanGivesTheChainOfWiresThatRestartsEachBundle() throws UpdateRefusedException {
        libraryServiceAndDisplay();

        Plan plan = plan(RefreshPolicy.NONE, UpdateRequest.update("bench.lib", Optional.empty()));

        assertThat(plan.refresh()).containsExactly("bench.display 1.0.0", "bench.lib 1.0.0", "bench.service 1.0.0");
        assertThat(plan.refreshReasons()).containsExactly(
                "bench.display 1.0.0: needs package bench.service [1.0.0,2.0.0) from bench.service 1.0.0, "
                        + "which needs package bench.lib [1.0.0,2.0.0) from bench.lib 1.0.0, which changes",
                "bench.lib 1.0.0: changes",
                "bench.service 1.0.0: needs package bench.lib [1.0.0,2.0.0) from bench.lib 1.0.0, which changes");
    }

    @Test
    void aProtectedBundleReachedThroughTwoHopsIsRefusedWithTheChainUnlessTheRequestAllowsIt() throws UpdateRefusedException {
        libraryServiceAndDisplay();
        RefreshPolicy policy = RefreshPolicy.of(-1, new String[] {"bench.display"});
        UpdateRequest update = UpdateRequest.update("bench.lib", Optional.empty());

        assertThatThrownBy(() -> plan(policy, update))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot update bench.lib: it would restart the protected bundle bench.display 1.0.0, which "
                        + "needs package bench.service [1.0.0,2.0.0) from bench.service 1.0.0, which needs package "
                        + "bench.lib [1.0.0,2.0.0) from bench.lib 1.0.0, which changes; --allow-restart bench.display "
                        + "allows that for this request; nothing was changed.");

        UpdateRequest allowed = update.allowingRestart(List.of("bench.display"));
        Plan plan = plan(policy, allowed);
        assertThat(plan.refresh()).contains("bench.display 1.0.0");
        assertThat(allowed.toString()).isEqualTo("update bench.lib --allow-restart bench.display");
    }

    @Test
    void aProtectedBundleThePlanItselfUpdatesOrStopsIsRefusedToo() throws UpdateRefusedException {
        libraryServiceAndDisplay();
        packages.add(Resources.bundle("bench.display", "1.1.0").imports("bench.service", RANGE));
        RefreshPolicy policy = RefreshPolicy.of(-1, new String[] {"bench.service, bench.display", ""});

        assertThatThrownBy(() -> plan(policy, UpdateRequest.update("bench.display", Optional.empty())))
                .hasMessage("Cannot update bench.display: it would restart the protected bundle bench.display 1.0.0, which "
                        + "the plan updates; --allow-restart bench.display allows that for this request; nothing was changed.");
        assertThatThrownBy(() -> plan(policy, UpdateRequest.update("bench.lib", Optional.empty())))
                // nearest first, as the closure reaches them
                .hasMessageStartingWith("Cannot update bench.lib: it would restart the protected bundles bench.service 1.0.0, which "
                        + "needs package bench.lib [1.0.0,2.0.0) from bench.lib 1.0.0, which changes; and bench.display 1.0.0, which ")
                .hasMessageEndingWith("--allow-restart bench.display,bench.service allows that for this request; nothing was changed.");
        // allowing one of two is not enough
        assertThatThrownBy(() -> plan(policy, UpdateRequest.update("bench.lib", Optional.empty())
                .allowingRestart(List.of("bench.service"))))
                .hasMessageStartingWith("Cannot update bench.lib --allow-restart bench.service: it would restart the protected "
                        + "bundle bench.display 1.0.0, ")
                .hasMessageEndingWith("; --allow-restart bench.display,bench.service allows that for this request; nothing was changed.");
    }

    @Test
    void aLibraryWithTwentyDependentsIsRefusedAgainstMaxRefreshTen() throws UpdateRefusedException {
        BundleState lib = framework.dependency("bench.lib", "1.0.0");
        packages.add(Resources.bundle("bench.lib", "1.0.0").exports("bench.lib", "1.0.0"),
                Resources.bundle("bench.lib", "1.1.0").exports("bench.lib", "1.1.0"));
        List<String> restarted = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            String name = String.format("bench.user%02d", i);
            framework.wire(framework.requested(name, "1.0.0"), "bench.lib", RANGE, lib);
            packages.add(Resources.bundle(name, "1.0.0").imports("bench.lib", RANGE));
            restarted.add(name + " 1.0.0");
        }
        restarted.add(0, "bench.lib 1.0.0");
        UpdateRequest update = UpdateRequest.update("bench.lib", Optional.empty());

        assertThatThrownBy(() -> plan(new RefreshPolicy(10, Set.of()), update))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot update bench.lib: it would stop and start again 21 bundles (" + String.join(", ", restarted)
                        + "), more than the 10 the update service's policy allows (maxRefresh); nothing was changed.");

        // the same plan at the bound, and with no bound
        assertThat(plan(new RefreshPolicy(21, Set.of()), update).refresh()).hasSize(21);
        assertThat(plan(RefreshPolicy.NONE, update).refresh()).hasSize(21);
    }

    @Test
    void aPlanThatRestartsNothingPassesEvenAtMaxRefreshZero() throws UpdateRefusedException {
        packages.add(Resources.bundle("bench.lib", "1.0.0").exports("bench.lib", "1.0.0"));
        Plan plan = plan(new RefreshPolicy(0, Set.of("bench.lib")), UpdateRequest.install("bench.lib", Optional.empty()));
        assertThat(plan.changes()).hasSize(1);
        assertThat(plan.refresh()).isEmpty();
    }

    @Test
    void aRequestRefusesANameThatCannotBeASymbolicName() {
        assertThatThrownBy(() -> UpdateRequest.update("bench.lib", Optional.empty()).allowingRestart(List.of("a b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"a b\" is not a bundle's symbolic name, which --allow-restart takes.");
    }
}
