package gtach.provisioning.repository;

import org.osgi.framework.VersionRange;

/**
 * A package a stored bundle imports.
 *
 * @param name the package name
 * @param range the accepted versions ({@code [0.0.0,∞)} when the manifest gives none)
 * @param optional whether the import is {@code resolution:=optional}
 */
public record ImportedPackage(String name, VersionRange range, boolean optional) {
}
