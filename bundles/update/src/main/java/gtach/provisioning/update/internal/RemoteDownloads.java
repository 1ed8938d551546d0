package gtach.provisioning.update.internal;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.remote.Remote;
import gtach.provisioning.repository.remote.RemotePackage;
import gtach.provisioning.repository.remote.RemoteRepositories;
import gtach.provisioning.update.PackageRange;
import gtach.provisioning.update.UpdateRefusedException;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.version.VersionOrder;
import org.osgi.framework.Version;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Packages an install or update names that the local repository cannot serve but a fetched remote
 * lists: they are downloaded (verified by the remote repositories service against the signed index)
 * into the local repository before planning, so the plan and its apply read only local files.
 */
final class RemoteDownloads {

    /** A package a fetched remote offers in place of a missing local one. */
    record Offer(RemotePackage remotePackage) {
        String text() {
            return remotePackage.symbolicName() + " " + remotePackage.version() + " from remote "
                    + remotePackage.remote() + " (" + remotePackage.size() + " bytes)";
        }
    }

    private final Supplier<RemoteRepositories> remotes;
    private final Supplier<PackageRepository> local;

    /** @param remotes the remote repositories service, or null while there is none */
    RemoteDownloads(Supplier<RemoteRepositories> remotes, Supplier<PackageRepository> local) {
        this.remotes = remotes;
        this.local = local;
    }

    /**
     * What would be downloaded for a request: for each named package with no local version the
     * request allows, the highest version a fetched remote lists that it allows (a local copy wins).
     */
    List<Offer> offers(UpdateRequest request) throws UpdateRefusedException {
        RemoteRepositories service = remotes.get();
        if (service == null || (request.action() != UpdateRequest.Action.INSTALL
                && request.action() != UpdateRequest.Action.UPDATE)) {
            return List.of();
        }
        List<Offer> offers = new ArrayList<>();
        for (PackageRange named : request.packages()) {
            boolean localServes = local.get().versions(named.name()).stream()
                    .anyMatch(p -> allowed(named, p.id().version(), request.preReleases()));
            if (!localServes) {
                best(service, named, request.preReleases()).map(Offer::new).ifPresent(offers::add);
            }
        }
        return offers;
    }

    /**
     * Downloads what {@link #offers} names. Packages downloaded before a failure stay in the local
     * repository, where they change nothing that runs.
     */
    List<Offer> download(UpdateRequest request, String verb, Consumer<String> progress) throws UpdateRefusedException {
        List<Offer> offers = offers(request);
        for (Offer offer : offers) {
            RemotePackage p = offer.remotePackage();
            progress.accept("Downloading " + offer.text());
            try {
                for (AddOutcome outcome : remotes.get().add(p.remote(), p.symbolicName(), p.version())) {
                    if (outcome.status() == AddOutcome.Status.REFUSED) {
                        throw new RepositoryException(outcome.message());
                    }
                }
            } catch (RepositoryException | RuntimeException e) {
                throw new UpdateRefusedException("Cannot " + verb + " " + p.symbolicName() + ": downloading "
                        + p.version() + " from remote " + p.remote() + " failed (" + fragment(e.getMessage())
                        + "); nothing running was changed, packages downloaded before stay in the local repository.");
            }
        }
        return offers;
    }

    private static Optional<RemotePackage> best(RemoteRepositories service, PackageRange named, boolean preReleases)
            throws UpdateRefusedException {
        List<RemotePackage> candidates = new ArrayList<>();
        try {
            for (Remote remote : service.list()) {
                for (RemotePackage p : service.packages(remote.name())) {
                    if (p.symbolicName().equals(named.name()) && parse(p.version())
                            .filter(v -> allowed(named, v, preReleases)).isPresent()) {
                        candidates.add(p);
                    }
                }
            }
        } catch (RepositoryException e) {
            throw new UpdateRefusedException(e.getMessage());
        }
        return candidates.stream().max(Comparator.comparing((RemotePackage p) -> parse(p.version()).orElseThrow(),
                VersionOrder.PRECEDENCE));
    }

    private static Optional<Version> parse(String version) {
        try {
            return Optional.of(Version.parseVersion(version));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean allowed(PackageRange named, Version version, boolean preReleases) {
        return named.range().map(r -> Versions.includes(r, version, preReleases))
                .orElse(preReleases || !Versions.isPreRelease(version));
    }

    /** The repository's sentence as a clause of this one: its own "nothing was changed" is said once, after it. */
    private static String fragment(String sentence) {
        if (sentence == null || sentence.isBlank()) {
            return "no reason given";
        }
        String clause = sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
        if (clause.endsWith("; nothing was changed")) {
            clause = clause.substring(0, clause.length() - "; nothing was changed".length());
        }
        boolean capitalWord = clause.length() > 1 && Character.isUpperCase(clause.charAt(0)) && Character.isLowerCase(clause.charAt(1));
        return capitalWord ? Character.toLowerCase(clause.charAt(0)) + clause.substring(1) : clause;
    }
}
