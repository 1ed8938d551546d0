/**
 * The wire protocol of the local command channel: how {@code gtach.jar cmd} sends one Gogo command
 * line to the running runtime and reads its output and exit status back.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package gtach.provisioning.console;
