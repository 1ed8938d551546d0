/**
 * Transactional hot updates of the running application: plan, stage, apply, verify, commit, or
 * roll back to the previous generation; history and manual rollback to any earlier generation.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package gtach.provisioning.update;
