/**
 * Following a channel of a remote repository: a device polls the signed release of a remote, and
 * when the channel it follows names another version of its package, and the device is among the
 * devices the rollout takes, asks the update service for an ordinary transaction. A release that
 * failed here is not tried again until the channel names another one or an operator asks; an
 * operator's own change pauses following until it is resumed.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package gtach.provisioning.fleet;
