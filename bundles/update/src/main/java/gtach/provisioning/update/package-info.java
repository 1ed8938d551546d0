/**
 * Transactional hot updates of the running application: plan, stage, apply, verify, commit, or
 * roll back to the previous generation; history and manual rollback to any earlier generation.
 * <p>
 * 1.5: a request names several packages ({@link gtach.provisioning.update.UpdateRequest#packages()},
 * {@link gtach.provisioning.update.PackageRange}), planned and committed as one generation.
 * <p>
 * 1.6: a package of a request names its start level and whether it is started
 * ({@link gtach.provisioning.update.PackageRange#withStartLevel(int)},
 * {@link gtach.provisioning.update.PackageRange#notStarted()}); a plan shows a change of either
 * ({@link gtach.provisioning.update.Change#fromStart()}, {@link gtach.provisioning.update.Change.Kind#SET}).
 * <p>
 * 1.7: a result names the packages downloaded from fetched remotes ({@link gtach.provisioning.update.UpdateResult#downloaded()}).
 * <p>
 * 1.8: a plan may pick packages only fetched remotes have, downloaded and verified before the
 * apply ({@link gtach.provisioning.update.Plan#downloads()}); a download that fails is a
 * {@link gtach.provisioning.update.DownloadFailedException}.
 * <p>
 * 1.9: a request may be applied only on top of the generation it was made for
 * ({@link gtach.provisioning.update.UpdateService#applyRequest(int, UpdateRequest, java.util.function.Consumer)},
 * {@link gtach.provisioning.update.GenerationChangedException}).
 * <p>
 * 1.10: a plan says why each bundle of its refresh set restarts ({@link gtach.provisioning.update.Plan#refreshReasons()});
 * a request may restart bundles that the update service's refresh policy protects
 * ({@link gtach.provisioning.update.UpdateRequest#allowingRestart(java.util.Collection)}).
 * <p>
 * 1.11: what hot updates leave behind in the JVM: old class loaders still held, bundles pending removal,
 * Metaspace in use ({@link gtach.provisioning.update.UpdateService#leaks()},
 * {@link gtach.provisioning.update.UpdateService#checkLeaks()}, {@link gtach.provisioning.update.LeakReport}); and a plan checks the API of
 * each package an update changes under a consumer that stays wired to it, and refuses a change that needs a higher major version than the export has when a consumer uses what changed;
 * otherwise it says so in {@link gtach.provisioning.update.Plan#warnings()}; a request may skip that check
 * ({@link gtach.provisioning.update.UpdateRequest#withoutBaseline()}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.11.0")
package gtach.provisioning.update;
