package gtach.provisioning.itests;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.PackageRange;
import gtach.provisioning.update.Plan;
import gtach.provisioning.update.UpdateRefusedException;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.update.UpdateService;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static gtach.provisioning.itests.TestBundles.bundle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The update service's refresh policy in a real Felix, set through Config Admin as an operator sets
 * it: a plan that would restart more bundles than {@code maxRefresh}, or a {@code protected} bundle,
 * is refused before anything changes; {@code --allow-restart} lets one request through.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RefreshPolicyTest extends ProvisioningTestBase {

    private static final String UPDATE_PID = "gtach.provisioning.update";
    private static final String RANGE = ";version=\"[1.0,2)\"";

    @Test
    public void aLibraryWithTwentyDependentsIsRefusedAgainstMaxRefreshTen() throws Exception {
        // Given a library 20 installed bundles import, and a newer library stored
        List<TestBundles> users = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            String name = String.format("pol.user%02d", i);
            users.add(bundle(name, "1.0.0").imports("pol.lib" + RANGE));
            names.add(name);
        }
        users.add(bundle("pol.lib", "1.0.0").exports("pol.lib;version=1.0.0"));
        store(users.toArray(TestBundles[]::new));
        apply(updates(), UpdateRequest.install(names.stream().map(PackageRange::of).toList()));
        store(bundle("pol.lib", "1.1.0").exports("pol.lib;version=1.1.0"));
        UpdateService updates = configured(Map.of("maxRefresh", 10), "(maxRefresh=10)");
        Generation before = updates.current();

        // When the library is updated, then the plan and the update are refused, naming all 21 bundles
        UpdateRequest update = UpdateRequest.update("pol.lib", Optional.empty());
        UpdateRefusedException planned = catchThrowableOfType(() -> updates.plan(update), UpdateRefusedException.class);
        UpdateRefusedException applied = catchThrowableOfType(() -> updates.apply(update), UpdateRefusedException.class);
        assertThat(planned).isNotNull();
        assertThat(planned.getMessage())
                .startsWith("Cannot update pol.lib: it would stop and start again 21 bundles (pol.lib 1.0.0, pol.user01 1.0.0, ")
                .endsWith(", pol.user20 1.0.0), more than the 10 the update service's policy allows (maxRefresh); nothing was changed.");
        assertThat(applied).hasMessage(planned.getMessage());
        // and nothing changed
        assertThat(updates.current()).isEqualTo(before);
        assertThat(bundleNamed("pol.lib").getVersion().toString()).isEqualTo("1.0.0");

        // When the bound is raised to what the plan needs, it goes ahead
        UpdateService raised = configured(Map.of("maxRefresh", 21), "(maxRefresh=21)");
        assertThat(apply(raised, update).number()).isEqualTo(before.number() + 1);
        assertThat(bundleNamed("pol.lib").getVersion().toString()).isEqualTo("1.1.0");
    }

    @Test
    public void aProtectedBundleTwoHopsAwayIsRefusedWithItsChainUnlessTheRequestAllowsItsRestart() throws Exception {
        // Given a display that imports a service's API, which imports a library
        store(bundle("pol.base", "1.0.0").exports("pol.base;version=1.0.0"),
                bundle("pol.mid", "1.0.0").imports("pol.base" + RANGE).exports("pol.mid;version=1.0.0"),
                bundle("pol.top", "1.0.0").imports("pol.mid" + RANGE));
        apply(updates(), UpdateRequest.install("pol.top", Optional.empty()));
        store(bundle("pol.base", "1.0.1").exports("pol.base;version=1.0.1"));
        UpdateService updates = configured(Map.of("protected", new String[] {"pol.top"}), "(protected=pol.top)");
        Generation before = updates.current();

        // When the library is updated: the plan shows why the display restarts, and the update is refused with it
        UpdateRequest update = UpdateRequest.update("pol.base", Optional.empty());
        String chain = "needs package pol.mid [1.0.0,2.0.0) from pol.mid 1.0.0, which needs package pol.base [1.0.0,2.0.0) "
                + "from pol.base 1.0.0, which changes";
        UpdateRefusedException refused = catchThrowableOfType(() -> updates.apply(update), UpdateRefusedException.class);
        assertThat(refused).hasMessage("Cannot update pol.base: it would restart the protected bundle pol.top 1.0.0, which "
                + chain + "; --allow-restart pol.top allows that for this request; nothing was changed.");
        assertThat(updates.current()).isEqualTo(before);

        // When the request allows the display's restart, it goes ahead, the display restarts, and the history says so
        UpdateRequest allowed = update.allowingRestart(List.of("pol.top"));
        Plan plan = updates.plan(allowed);
        assertThat(plan.refreshReasons()).contains("pol.top 1.0.0: " + chain);
        List<String> stopped = new CopyOnWriteArrayList<>();
        SynchronousBundleListener listener = event -> {
            if (event.getType() == BundleEvent.STOPPED) {
                stopped.add(event.getBundle().getSymbolicName());
            }
        };
        context.addBundleListener(listener);
        try {
            apply(updates, allowed);
        } finally {
            context.removeBundleListener(listener);
        }
        assertThat(stopped).contains("pol.top", "pol.mid");
        assertThat(bundleNamed("pol.top").getState()).isEqualTo(Bundle.ACTIVE);
        List<Attempt> history = updates.history();
        assertThat(history.get(history.size() - 1).request()).isEqualTo("update pol.base --allow-restart pol.top");
    }

    /** The policy is the operator's: put the default back, and leave no managed bundle for the next scenario. */
    @After
    public void resetPolicyAndUninstall() throws Exception {
        Configuration configuration = service(ConfigurationAdmin.class).getConfiguration(UPDATE_PID, "?");
        configuration.update(new Hashtable<>(Map.of("maxRefresh", -1)));
        UpdateService updates = configured(Map.of("maxRefresh", -1), "(maxRefresh=-1)");
        uninstallRequested(updates, List.of("pol.top"));
    }

    /** The update service once it publishes this configuration (SCR passes it on as service properties). */
    private UpdateService configured(Map<String, Object> properties, String filter) throws Exception {
        Configuration configuration = service(ConfigurationAdmin.class).getConfiguration(UPDATE_PID, "?");
        configuration.update(new Hashtable<>(properties));
        ServiceTracker<UpdateService, UpdateService> tracker = new ServiceTracker<>(context, context.createFilter(
                "(&(objectClass=" + UpdateService.class.getName() + ")" + filter + ")"), null);
        tracker.open();
        try {
            UpdateService updates = tracker.waitForService(TimeUnit.SECONDS.toMillis(10));
            assertThat(updates).as("an UpdateService configured with " + filter + " within 10 s").isNotNull();
            return updates;
        } finally {
            tracker.close();
        }
    }

    private UpdateService updates() throws InterruptedException {
        return service(UpdateService.class);
    }

    private Bundle bundleNamed(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("No bundle " + symbolicName);
    }

    private void store(TestBundles... bundles) throws Exception {
        Path dir = Files.createTempDirectory("refresh-policy-bundles");
        for (TestBundles b : bundles) {
            List<AddOutcome> outcomes = service(PackageRepository.class).add(b.writeTo(dir).toString());
            assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.status()).as(o.message())
                    .isIn(AddOutcome.Status.ADDED, AddOutcome.Status.ALREADY_PRESENT));
        }
    }
}
