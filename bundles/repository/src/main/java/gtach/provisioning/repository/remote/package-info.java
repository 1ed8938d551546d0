/**
 * Remote repositories as static files: the JARs, an OSGi R5 index ({@code index.xml.gz}) and
 * signed release metadata ({@code release.json}, Ed25519) saying which index is current, how
 * recent it is and until when it may be trusted.
 * <p>
 * 1.4: the fetched remotes' packages as candidates for a resolver
 * ({@link gtach.provisioning.repository.remote.RemoteRepositories#candidates()}).
 * <p>
 * 1.5: channels and a report URL in the signed release
 * ({@link gtach.provisioning.repository.remote.Channel},
 * {@link gtach.provisioning.repository.remote.ReleaseMetadata#channels()},
 * {@link gtach.provisioning.repository.remote.ReleaseMetadata#reportUrl()}), and the release last
 * fetched from a remote, read offline
 * ({@link gtach.provisioning.repository.remote.RemoteRepositories#release(String)}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package gtach.provisioning.repository.remote;
