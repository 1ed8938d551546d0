package gtach.provisioning.update.internal;

import org.junit.jupiter.api.Test;
import org.osgi.resource.Capability;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RequirementTextTest {

    private static Requirement requirement(String namespace, String filter) {
        return new Requirement() {
            @Override
            public String getNamespace() {
                return namespace;
            }

            @Override
            public Map<String, String> getDirectives() {
                return Map.of("filter", filter);
            }

            @Override
            public Map<String, Object> getAttributes() {
                return Map.of();
            }

            @Override
            public Resource getResource() {
                return new Resource() {
                    @Override
                    public List<Capability> getCapabilities(String ns) {
                        return List.of();
                    }

                    @Override
                    public List<Requirement> getRequirements(String ns) {
                        return List.of();
                    }
                };
            }
        };
    }

    @Test
    void aPackageRangeReadsAsARange() {
        assertThat(RequirementText.describe(requirement("osgi.wiring.package",
                "(&(osgi.wiring.package=org.example.tach)(version>=1.0.0)(!(version>=2.0.0)))")))
                .isEqualTo("package org.example.tach [1.0.0,2.0.0)");
    }

    @Test
    void aLowerBoundAloneReadsAsOrLater() {
        assertThat(RequirementText.describe(requirement("osgi.wiring.package",
                "(&(osgi.wiring.package=org.example)(version>=1.2.0))"))).isEqualTo("package org.example 1.2.0 or later");
    }

    @Test
    void exclusiveAndInclusiveBoundsKeepTheirBrackets() {
        assertThat(RequirementText.describe(requirement("osgi.wiring.bundle",
                "(&(osgi.wiring.bundle=b)(!(version<=1.0.0))(version<=2.0.0))"))).isEqualTo("bundle b (1.0.0,2.0.0]");
    }

    @Test
    void aHostReadsItsBundleVersionRange() {
        assertThat(RequirementText.describe(requirement("osgi.wiring.host",
                "(&(osgi.wiring.host=com.acme.host)(bundle-version>=1.0.0)(!(bundle-version>=2.0.0)))")))
                .isEqualTo("host bundle com.acme.host [1.0.0,2.0.0)");
    }

    @Test
    void anUpperBoundAloneIsNotReadAsALowerOne() {
        assertThat(RequirementText.describe("osgi.wiring.package", "(&(osgi.wiring.package=x)(!(version>=2.0.0)))"))
                .isEqualTo("package x [0.0.0,2.0.0)");
    }

    @Test
    void aPackageWithoutVersionIsJustItsName() {
        assertThat(RequirementText.describe(requirement("osgi.wiring.package", "(osgi.wiring.package=x)")))
                .isEqualTo("package x");
    }

    @Test
    void anExtenderReadsAsItsNameAndRange() {
        assertThat(RequirementText.describe(requirement("osgi.extender", "(osgi.extender=osgi.component)")))
                .isEqualTo("extender osgi.component");
        assertThat(RequirementText.describe(requirement("osgi.extender",
                "(&(osgi.extender=osgi.component)(version>=1.5.0)(!(version>=2.0.0)))")))
                .isEqualTo("extender osgi.component [1.5.0,2.0.0)");
    }

    @Test
    void aServiceReadsAsItsObjectClassAndItsOtherAttributes() {
        assertThat(RequirementText.describe(requirement("osgi.service", "(objectClass=org.example.Clock)")))
                .isEqualTo("service org.example.Clock");
        assertThat(RequirementText.describe(requirement("osgi.service",
                "(&(objectClass=org.example.Clock)(precision=ms)(!(kind=test)))")))
                .isEqualTo("service org.example.Clock with precision=ms, not kind=test");
    }

    @Test
    void theStandardNamespacesHaveTheirOwnWords() {
        assertThat(RequirementText.describe(requirement("osgi.ee", "(&(osgi.ee=JavaSE)(version=17))")))
                .isEqualTo("execution environment JavaSE 17");
        assertThat(RequirementText.describe(requirement("osgi.contract",
                "(&(osgi.contract=JavaServlet)(version>=3.1.0)(!(version>=4.0.0)))")))
                .isEqualTo("contract JavaServlet [3.1.0,4.0.0)");
        assertThat(RequirementText.describe(requirement("osgi.implementation",
                "(&(osgi.implementation=osgi.http)(version>=1.1.0))")))
                .isEqualTo("implementation osgi.http 1.1.0 or later");
        assertThat(RequirementText.describe(requirement("osgi.identity",
                "(&(osgi.identity=gtach.example.tach)(version>=1.0.0)(!(version>=2.0.0)))")))
                .isEqualTo("bundle gtach.example.tach [1.0.0,2.0.0)");
    }

    @Test
    void anUnknownNamespaceIsNamedWithWhatItAsks() {
        assertThat(RequirementText.describe(requirement("com.acme.sensor",
                "(&(com.acme.sensor=rpm)(version>=1.0.0)(unit=hz))")))
                .isEqualTo("capability com.acme.sensor rpm 1.0.0 or later with unit=hz");
    }

    @Test
    void aFilterBeyondAConjunctionIsShownAsItIs() {
        assertThat(RequirementText.describe(requirement("osgi.service",
                "(|(objectClass=org.example.Clock)(objectClass=org.example.Timer))")))
                .isEqualTo("service matching (|(objectClass=org.example.Clock)(objectClass=org.example.Timer))");
    }
}
