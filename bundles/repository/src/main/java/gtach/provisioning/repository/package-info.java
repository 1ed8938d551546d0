/**
 * The local package repository: every version of every bundle the application may run, stored
 * under {@code <home>/repository/} with JSON metadata, searchable, verifiable, and offered to OSGi
 * resolvers as an {@code org.osgi.service.repository.Repository}.
 *
 * <p>1.3: unreleased packages ({@code -SNAPSHOT} versions and development builds,
 * {@link gtach.provisioning.repository.AddMode}) are replaced by a rebuild of the same version; the
 * builds they had stay reachable by hash while in use ({@code bundleFile(PackageId, String)},
 * {@code markInUse} with builds).
 *
 * <p>1.4: {@link gtach.provisioning.repository.PackageListener} services are told of each package stored.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package gtach.provisioning.repository;
