/**
 * Semantic versions (SemVer 2.0.0) and their mapping onto OSGi versions and version ranges, the
 * one total order of OSGi versions that agrees with SemVer precedence
 * ({@link gtach.provisioning.version.VersionOrder}), versions and ranges as operators type and read
 * them ({@link gtach.provisioning.version.VersionText}, {@link gtach.provisioning.version.SemanticRange}),
 * and the compatibility check that tells which running bundles a replacement bundle would break.
 *
 * <p>1.2: {@code VersionText}, {@code SemanticRange.admits}; release qualifiers are not
 * pre-releases; range parsing is strict and a bare version in a range is exactly that version.
 * <p>1.3: {@code VersionOrder.isSnapshot}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package gtach.provisioning.version;
