/**
 * Remote repositories as static files: the JARs, an OSGi R5 index ({@code index.xml.gz}) and
 * signed release metadata ({@code release.json}, Ed25519) saying which index is current, how
 * recent it is and until when it may be trusted.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package gtach.provisioning.repository.remote;
