/**
 * Remote repositories as static files: the JARs, an OSGi R5 index ({@code index.xml.gz}) and
 * signed release metadata ({@code release.json}, Ed25519) saying which index is current, how
 * recent it is and until when it may be trusted.
 * <p>
 * 1.4: the fetched remotes' packages as candidates for a resolver
 * ({@link gtach.provisioning.repository.remote.RemoteRepositories#candidates()}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package gtach.provisioning.repository.remote;
