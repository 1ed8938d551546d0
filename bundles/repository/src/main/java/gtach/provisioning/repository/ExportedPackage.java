package gtach.provisioning.repository;

import org.osgi.framework.Version;

/**
 * A package a stored bundle exports.
 *
 * @param name the package name
 * @param version the exported version ({@code 0.0.0} when the manifest gives none)
 */
public record ExportedPackage(String name, Version version) {
}
