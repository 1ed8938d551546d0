package gtach.provisioning.itests;

import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.repository.remote.RemoteRepositories;
import gtach.provisioning.update.Plan;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.update.UpdateResult;
import gtach.provisioning.update.UpdateService;
import gtach.provisioning.version.SemanticRange;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository and update services as a Java caller wires them through DS, with a real remote:
 * the example packages published, signed and served by nginx. The update service plans with the
 * remote's packages, downloads what the plan picked through the remote repositories service, and
 * installs and rolls back without touching the network again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RemoteInstallTest extends ProvisioningTestBase {

    @Override
    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        try {
            PublishedExamples site = PublishedExamples.serve();
            List<Option> options = new ArrayList<>(Arrays.asList(super.config()));
            options.add(CoreOptions.systemProperty(PublishedExamples.URL_PROPERTY).value(site.url()));
            options.add(CoreOptions.systemProperty(PublishedExamples.KEY_PROPERTY).value(site.publicKey().toString()));
            return options.toArray(new Option[0]);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot publish and serve the example packages: " + e.getMessage(), e);
        }
    }

    @Test
    public void anApplicationOnlyTheRemoteHasIsPlannedDownloadedInstalledAndRolledBack() throws Exception {
        RemoteRepositories remotes = service(RemoteRepositories.class);
        UpdateService updates = service(UpdateService.class);
        PackageRepository repository = service(PackageRepository.class);
        remotes.add("fleet", System.getProperty(PublishedExamples.URL_PROPERTY),
                Path.of(System.getProperty(PublishedExamples.KEY_PROPERTY)), false);
        try {
            assertThat(remotes.fetch("fleet").packages()).isEqualTo(9);
            UpdateRequest request = UpdateRequest.install("gtach.example.app", Optional.of(SemanticRange.parse("~1.1.0")));

            Plan plan = updates.plan(request);
            assertThat(plan.downloads()).hasSize(3).allMatch(d -> d.contains(" from remote fleet ("));
            assertThat(plan.downloads().get(2)).startsWith("gtach.example.tach 1.1.0 from remote fleet (")
                    .contains("needed by gtach.example.app 1.1.0");
            assertThat(repository.versions("gtach.example.app")).isEmpty();

            List<String> progress = new ArrayList<>();
            UpdateResult installed = updates.applyRequest(request, progress::add);
            assertThat(installed.downloaded()).hasSize(3);
            assertThat(progress).anyMatch(line -> line.startsWith("Downloading gtach.example.tach 1.1.0 from remote fleet"));
            assertThat(versions(installed.generation())).containsEntry("gtach.example.app", "1.1.0")
                    .containsEntry("gtach.example.tach", "1.1.0").containsEntry("gtach.example.display", "1.0.0");
            assertThat(repository.get("gtach.example.tach", "1.1.0")).isPresent();
            assertThat(bundle("gtach.example.tach").getState()).isEqualTo(Bundle.ACTIVE);

            // the remote is forgotten: the rollback needs only what is stored
            remotes.remove("fleet");
            assertThat(versions(rollBack(updates, 0))).isEmpty();
            assertThat(bundle("gtach.example.tach")).isNull();
        } finally {
            if (remotes.list().stream().anyMatch(r -> r.name().equals("fleet"))) {
                remotes.remove("fleet");
            }
        }
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst().orElse(null);
    }
}
