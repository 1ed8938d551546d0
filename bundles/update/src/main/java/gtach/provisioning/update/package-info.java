/**
 * Transactional hot updates of the running application: plan, stage, apply, verify, commit, or
 * roll back to the previous generation; history and manual rollback to any earlier generation.
 * <p>
 * 1.5: a request names several packages ({@link gtach.provisioning.update.UpdateRequest#packages()},
 * {@link gtach.provisioning.update.PackageRange}), planned and committed as one generation.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package gtach.provisioning.update;
