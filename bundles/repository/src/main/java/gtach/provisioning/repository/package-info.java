/**
 * The local package repository: every version of every bundle the application may run, stored
 * under {@code <home>/repository/} with JSON metadata, searchable, verifiable, and offered to OSGi
 * resolvers as an {@code org.osgi.service.repository.Repository}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package gtach.provisioning.repository;
