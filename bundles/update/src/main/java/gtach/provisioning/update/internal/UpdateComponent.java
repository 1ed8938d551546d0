package gtach.provisioning.update.internal;

import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.PackageListener;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.remote.RemoteRepositories;
import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.LeakReport;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.Plan;
import gtach.provisioning.update.UpdateException;
import gtach.provisioning.update.UpdateRefusedException;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.update.UpdateResult;
import gtach.provisioning.update.UpdateService;
import gtach.provisioning.version.CompatibilityChecker;
import org.apache.felix.hc.api.HealthCheck;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.repository.Repository;
import org.osgi.service.resolver.Resolver;
import org.osgi.util.tracker.ServiceTracker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The update service. Activating it finishes whatever a crash interrupted, so the launcher gets
 * this service before it raises the start level at which the application runs.
 */
@Component(service = {UpdateService.class, PackageListener.class}, configurationPid = "gtach.provisioning.update")
@Designate(ocd = UpdateComponent.Config.class)
public final class UpdateComponent implements UpdateService, PackageListener {

    @ObjectClassDefinition(name = "GTach update service")
    public @interface Config {
        @AttributeDefinition(min = "1", description = "How long a change may take to verify: bundles active, components satisfied and activated, no error logged, health checks passing")
        int verifyTimeoutSeconds() default 30;

        @AttributeDefinition(description = "Whether an ERROR entry in the OSGi log from a bundle the change updated, started or refreshed fails its verification")
        boolean verifyLoggedErrors() default true;

        @AttributeDefinition(required = false, description = "Symbolic names of bundles whose ERROR entries in the OSGi log never fail a verification")
        String[] verifyLoggedErrorsIgnoredFor() default {};

        @AttributeDefinition(min = "1", description = "How long one bundle may take to start, stop, update or refresh before it is named as hanging")
        int lifecycleTimeoutSeconds() default 30;

        @AttributeDefinition(min = "1", description = "After this many boots in a row that did not bring the application up, the generation is abandoned for the previous one")
        int abandonAfterFailedBoots() default 3;

        @AttributeDefinition(description = "The most bundles a plan may stop and start again (changed ones and those wired to them); a plan that would restart more is refused, naming them; negative for no bound")
        int maxRefresh() default -1;

        // "protected" is a keyword: the dollar sign is dropped from the property name
        @AttributeDefinition(name = "Protected", required = false, description = "Symbolic names of bundles that no plan may stop or refresh unless its request names them with --allow-restart")
        String[] protected$() default {};
    }

    private final ServiceTracker<HealthCheck, HealthCheck> healthChecks;
    private final ServiceTracker<LogReaderService, LogReaderService> logReaders;
    private final Verifier verifier;
    private final Transactions transactions;
    private final BootGuard bootGuard;
    private final List<LazyService<?>> lazy;
    private final QuietThreads threads;
    private BootWatch bootWatch;
    private final RemoteDownloads downloads;
    private LoaderWatch loaders;
    private ApiPreparation apiPreparation;
    /** Changed by a new configuration without restarting the service; read by each new plan. */
    private volatile RefreshPolicy refreshPolicy;
    private static final int MAX_DOWNLOAD_ROUNDS = 3;

    /** Packages of fetched remotes are offered only while the remote repositories service is there. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile RemoteRepositories remotes;

    @Activate
    public UpdateComponent(BundleContext context, Config config,
            @Reference ComponentServiceObjects<PackageRepository> packages,
            @Reference(target = "(objectClass=gtach.provisioning.repository.PackageRepository)")
            ComponentServiceObjects<Repository> repository,
            @Reference ComponentServiceObjects<Resolver> resolver,
            @Reference ComponentServiceObjects<CompatibilityChecker> compatibility,
            @Reference ServiceComponentRuntime scr,
            @Reference ConfigurationAdmin configurations,
            @Reference(service = LoggerFactory.class) Logger log) throws IOException, UpdateException {
        refreshPolicy = RefreshPolicy.of(config.maxRefresh(), config.protected$());
        healthChecks = new ServiceTracker<>(context, HealthCheck.class, null);
        healthChecks.open();
        logReaders = new ServiceTracker<>(context, LogReaderService.class, null);
        logReaders.open();
        LazyService<PackageRepository> packageRepository = new LazyService<>(packages);
        LazyService<Repository> osgiRepository = new LazyService<>(repository);
        LazyService<Resolver> resolverService = new LazyService<>(resolver);
        LazyService<CompatibilityChecker> checker = new LazyService<>(compatibility);
        lazy = List.of(packageRepository, osgiRepository, resolverService, checker);
        threads = new QuietThreads();
        try {
            Steps steps = Steps.from(context);
            StateStore store = new StateStore(home(context).resolve("state"), new DurableFiles(steps), log::warn);
            BaselineGate baseline = new BaselineGate(home(context).resolve("cache").resolve("api-baseline"));
            Supplier<Planner> planner = () -> new Planner(packageRepository.get(), osgiRepository.get(),
                    remoteCandidates(log), resolverService.get(), checker.get(),
                    refreshPolicy, baseline);
            verifier = new Verifier(context, scr, healthChecks, logReaders);
            verifier.logErrorRule(LogErrorRule.of(config.verifyLoggedErrors(), config.verifyLoggedErrorsIgnoredFor()));
            Restorer restorer = new Restorer(context, store, packageRepository, configurations, steps, threads);
            InUseMarks marks = new InUseMarks(store, packageRepository);
            downloads = new RemoteDownloads(() -> remotes);
            Lock lock = new ReentrantLock(true);
            loaders = new LoaderWatch(context, () -> current().number(), log, LoaderWatch.SETTLE);
            apiPreparation = new ApiPreparation(baseline, () -> FrameworkView.read(context, current()), packageRepository, log);
            transactions = new Transactions(lock, context, store, packageRepository, planner, verifier, configurations,
                    restorer, marks, steps, threads, seconds(config.verifyTimeoutSeconds()),
                    seconds(config.lifecycleTimeoutSeconds()), new ApplicationConfigurations(context, scr, configurations), loaders,
                    apiPreparation, log);
            bootGuard = new BootGuard(context, store, restorer, marks, lock, log);
            transactions.recover();
            store.checkCurrentIsWhole();
            try {
                marks.renew();
            } catch (IOException | RuntimeException e) {
                // A repository that is down must not keep the update service (and so the application) down.
                log.warn("The packages the kept generations use could not be marked in use in the repository ({}); "
                        + "the next request marks them before it changes anything.", e.getMessage());
            }
            if (booting(context) || applicationNotStarted(context)) {
                // A torn cache can lose a bundle altogether: then no managed bundle says the boot is under way.
                transactions.repairTornCache();
            }
            ManagedBundles.resolveNotStarted(context);
            if (applicationNotStarted(context)) {
                bootGuard.countBoot(Math.max(1, config.abandonAfterFailedBoots()), transactions.lifecycleTimeout());
                bootWatch = new BootWatch(context, bootGuard, log);
            }
        } catch (IOException | UpdateException | RuntimeException e) {
            // SCR reports only the wrapping InvocationTargetException: the operator's sentence is logged here.
            log.error(e instanceof IOException io ? DamagedStateFile.sentence(io, "Cannot open the update state")
                    : e instanceof UpdateException ? e.getMessage() : "Cannot start the update service: " + e + ".");
            healthChecks.close();
            logReaders.close();
            lazy.forEach(LazyService::close);
            threads.close();
            if (loaders != null) {
                loaders.close();
            }
            if (apiPreparation != null) {
                apiPreparation.close();
            }
            throw e;
        }
    }

    @Modified
    void modified(Config config) {
        transactions.timeouts(seconds(config.verifyTimeoutSeconds()), seconds(config.lifecycleTimeoutSeconds()));
        verifier.logErrorRule(LogErrorRule.of(config.verifyLoggedErrors(), config.verifyLoggedErrorsIgnoredFor()));
        refreshPolicy = RefreshPolicy.of(config.maxRefresh(), config.protected$());
    }

    @Deactivate
    void deactivate() {
        if (bootWatch != null) {
            bootWatch.close();
        }
        healthChecks.close();
        logReaders.close();
        lazy.forEach(LazyService::close);
        threads.close();
        loaders.close();
        apiPreparation.close();
    }

    /** A package just stored: its API is compared with the installed version's before a plan asks for it. */
    @Override
    public void stored(PackageInfo stored) {
        apiPreparation.stored(stored);
    }

    /** True during a boot: the framework has not yet reached the level at which bundles installed later start. */
    private static boolean booting(BundleContext context) {
        FrameworkStartLevel levels = context.getBundle(0).adapt(FrameworkStartLevel.class);
        return levels.getStartLevel() < levels.getInitialBundleStartLevel();
    }

    /** True during a boot: the framework has not yet reached the start level of the managed bundles. */
    private static boolean applicationNotStarted(BundleContext context) {
        int active = context.getBundle(0).adapt(FrameworkStartLevel.class).getStartLevel();
        return ManagedBundles.installed(context).values().stream()
                .anyMatch(b -> b.adapt(BundleStartLevel.class).getStartLevel() > active);
    }

    /** The fetched remotes' packages as planning candidates; none while the service is missing or cannot say. */
    private Repository remoteCandidates(Logger log) {
        RemoteRepositories service = remotes;
        if (service == null) {
            return null;
        }
        try {
            return service.candidates();
        } catch (RepositoryException | RuntimeException e) {
            log.warn("The packages of the fetched remotes are left out of this plan: {}", e.getMessage());
            return null;
        }
    }

    @Override
    public Plan plan(UpdateRequest request) throws UpdateException {
        return transactions.plan(request);
    }

    @Override
    public UpdateResult applyRequest(UpdateRequest request, Consumer<String> progress) throws UpdateException {
        return applyRequest(Transactions.ANY_GENERATION, request, progress);
    }

    @Override
    public UpdateResult applyRequest(int from, UpdateRequest request, Consumer<String> progress) throws UpdateException {
        if (from < 0 && from != Transactions.ANY_GENERATION) {
            throw new UpdateRefusedException("Cannot " + request + ": there is no generation " + from + "; nothing was changed.");
        }
        List<String> downloaded = new ArrayList<>();
        for (int round = 1; ; round++) {
            try {
                UpdateResult result = transactions.apply(from, request, progress);
                return downloaded.isEmpty() ? result : result.withDownloaded(downloaded);
            } catch (DownloadsFirst needed) {
                // a second round only when a fetch between the two plans offered something newer still
                if (round == MAX_DOWNLOAD_ROUNDS) {
                    throw needed;
                }
                downloads.download(needed.packages(), request.toString(), progress);
                needed.packages().forEach(p -> downloaded.add(RemoteDownloads.text(p)));
            }
        }
    }

    @Override
    public UpdateResult rollbackTo(int generation, Consumer<String> progress) throws UpdateException {
        return transactions.rollback(generation, progress);
    }

    @Override
    public List<String> drift() throws UpdateException {
        return transactions.drift();
    }

    @Override
    public String repair(Consumer<String> progress) throws UpdateException {
        return transactions.repair(progress);
    }

    @Override
    public UpdateResult adopt(Consumer<String> progress) throws UpdateException {
        return transactions.adopt(progress);
    }

    @Override
    public Generation current() {
        try {
            return transactions.current();
        } catch (UpdateException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public Optional<LeakReport> leaks() {
        return loaders.last();
    }

    @Override
    public LeakReport checkLeaks() {
        return loaders.check();
    }

    @Override
    public List<Attempt> history() {
        try {
            return transactions.history();
        } catch (UpdateException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static Duration seconds(int seconds) {
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    /** The GTach home as the launcher defines it: its framework property, else the same defaults. */
    private static Path home(BundleContext context) {
        String home = context.getProperty("gtach.home");
        if (home == null || home.isBlank()) {
            home = System.getenv("GTACH_HOME");
        }
        return home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".gtach") : Path.of(home);
    }
}
