package gtach.provisioning.update.internal;

import org.osgi.framework.Version;
import org.osgi.framework.namespace.IdentityNamespace;
import org.osgi.resource.Capability;
import org.osgi.resource.Resource;

import java.util.List;

/** A resource's symbolic name and version, from its {@code osgi.identity} capability. */
record Identity(String symbolicName, Version version, boolean fragment) {

    static Identity of(Resource resource) {
        List<Capability> identities = resource.getCapabilities(IdentityNamespace.IDENTITY_NAMESPACE);
        if (identities.isEmpty()) {
            return new Identity(String.valueOf(resource), Version.emptyVersion, false);
        }
        Capability identity = identities.get(0);
        Object name = identity.getAttributes().get(IdentityNamespace.IDENTITY_NAMESPACE);
        Object version = identity.getAttributes().get(IdentityNamespace.CAPABILITY_VERSION_ATTRIBUTE);
        Object type = identity.getAttributes().get(IdentityNamespace.CAPABILITY_TYPE_ATTRIBUTE);
        return new Identity(String.valueOf(name),
                version instanceof Version v ? v : version == null ? Version.emptyVersion : Version.parseVersion(version.toString()),
                IdentityNamespace.TYPE_FRAGMENT.equals(type));
    }

    @Override
    public String toString() {
        return symbolicName + " " + Versions.display(version);
    }
}
