/**
 * Semantic versions (SemVer 2.0.0) and their mapping onto OSGi versions and version ranges, the
 * one total order of OSGi versions that agrees with SemVer precedence
 * ({@link gtach.provisioning.version.VersionOrder}), and the compatibility check that tells which
 * running bundles a replacement bundle would break.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package gtach.provisioning.version;
