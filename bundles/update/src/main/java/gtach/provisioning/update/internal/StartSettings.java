package gtach.provisioning.update.internal;

import gtach.provisioning.update.PackageRange;
import gtach.provisioning.update.UpdateRefusedException;
import gtach.provisioning.update.UpdateRequest;
import org.osgi.framework.namespace.IdentityNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.resource.Wire;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The start level and started state of each bundle of a plan, as Karaf features have them. In order:
 * what the request says for a package it names; what an application that the plan installs or
 * updates says for its member, with attributes on the {@code osgi.identity} requirement that names
 * it ({@code gtach.start-level=3}, {@code gtach.start=false}; the resolver ignores requirement
 * attributes); else what the bundle has now; else, for a new bundle, the application's default level
 * and started. A level must be above the provisioning layer's and at most the framework's.
 */
final class StartSettings {

    /** The attribute of an application's member requirement that gives the member's start level. */
    static final String LEVEL_ATTRIBUTE = "gtach.start-level";
    /** The attribute of an application's member requirement that says whether the member is started. */
    static final String START_ATTRIBUTE = "gtach.start";

    /**
     * What a request or an application says; an empty part says nothing.
     *
     * @param application the application that says it, as {@code name version}; empty for the request
     */
    private record Said(OptionalInt level, Optional<Boolean> started, Optional<String> application) {
    }

    private StartSettings() {
    }

    /**
     * The targets with their start levels and states settled.
     *
     * @param chosen the resource of each target, by symbolic name
     * @param resolution the resolver's wires, which say which member each application requirement names
     * @param subject the request as the refusal names it
     * @throws UpdateRefusedException with one sentence for a level out of bounds, or an application's
     *         attribute that is not a level or a boolean, names a bundle of the runtime, or disagrees with
     *         another application's
     */
    static List<TargetBundle> settle(UpdateRequest request, FrameworkView view, Map<String, Resource> chosen,
            Map<Resource, List<Wire>> resolution, List<TargetBundle> target, String subject) throws UpdateRefusedException {
        Map<String, Said> said = applicationsSay(view, chosen, resolution, target, subject);
        for (PackageRange named : request.packages()) {
            if (named.setsStart()) {
                said.put(named.name(), new Said(named.startLevel(), named.started(), Optional.empty()));
            }
        }
        List<TargetBundle> settled = new ArrayList<>();
        for (TargetBundle t : target) {
            Said s = said.get(t.symbolicName());
            if (s != null && s.level().isPresent()) {
                Optional<String> problem = view.levels().problem(t.symbolicName(), s.level().getAsInt());
                if (problem.isPresent()) {
                    throw Planner.refused(subject, problem.get() + s.application().map(app -> ", as " + app + " says").orElse(""));
                }
            }
            BundleState now = view.managed().get(t.symbolicName());
            int level = s != null && s.level().isPresent() ? s.level().getAsInt()
                    : now != null ? now.startLevel() : view.levels().application();
            // A fragment is never started: it runs as part of its host.
            boolean started = t.host().isEmpty() && (s != null && s.started().isPresent() ? s.started().get()
                    : now == null || now.fragment() || now.persistentlyStarted());
            settled.add(new TargetBundle(t.id(), t.sha256(), t.location(), started, t.requested(), level, t.host()));
        }
        return settled;
    }

    /**
     * What the applications the plan installs or updates say of their members, by member name. An application
     * that stays as it is has said it already, and what its members were given since stays.
     */
    private static Map<String, Said> applicationsSay(FrameworkView view, Map<String, Resource> chosen,
            Map<Resource, List<Wire>> resolution, List<TargetBundle> target, String subject) throws UpdateRefusedException {
        Map<String, Said> said = new HashMap<>();
        for (TargetBundle app : target) {
            BundleState now = view.managed().get(app.symbolicName());
            boolean changing = now == null || !now.version().equals(app.id().version())
                    || !now.sha256().equals(Optional.of(app.sha256()));
            Resource resource = chosen.get(app.symbolicName());
            if (!changing || resource == null) {
                continue;
            }
            for (Wire wire : resolution.getOrDefault(resource, List.of())) {
                Requirement requirement = wire.getRequirement();
                if (!IdentityNamespace.IDENTITY_NAMESPACE.equals(requirement.getNamespace())) {
                    continue;
                }
                String by = app.toString();
                String member = Identity.of(wire.getProvider()).symbolicName();
                Optional<Said> says = says(requirement, by, member, subject);
                if (says.isEmpty()) {
                    continue;
                }
                if (wire.getProvider() instanceof BundleRevision revision && !revision.getBundle().getLocation()
                        .startsWith(TargetBundle.LOCATION_PREFIX)) {
                    throw Planner.refused(subject, by + " sets the start of " + member + ", which is part of the runtime's"
                            + " base set; an application sets the start of its own members only");
                }
                Said earlier = said.putIfAbsent(member, says.get());
                if (earlier != null && !(earlier.level().equals(says.get().level())
                        && earlier.started().equals(says.get().started()))) {
                    throw Planner.refused(subject, earlier.application().orElseThrow() + " and " + by + " start " + member
                            + " differently (" + text(earlier) + "; " + text(says.get()) + ")");
                }
            }
        }
        return said;
    }

    /** What one member requirement says, read strictly: a level is a whole number, a start true or false. */
    private static Optional<Said> says(Requirement requirement, String by, String member, String subject)
            throws UpdateRefusedException {
        Object level = requirement.getAttributes().get(LEVEL_ATTRIBUTE);
        Object start = requirement.getAttributes().get(START_ATTRIBUTE);
        if (level == null && start == null) {
            return Optional.empty();
        }
        OptionalInt l = OptionalInt.empty();
        if (level != null) {
            long value;
            try {
                value = level instanceof Long n ? n : Long.parseLong(String.valueOf(level).trim());
            } catch (NumberFormatException e) {
                value = -1;
            }
            if (value < 1 || value > Integer.MAX_VALUE) {
                throw Planner.refused(subject, by + " gives " + member + " the start level \"" + level + "\" ("
                        + LEVEL_ATTRIBUTE + "), which is not a whole number above 0");
            }
            l = OptionalInt.of((int) value);
        }
        Optional<Boolean> s = Optional.empty();
        if (start != null) {
            String text = String.valueOf(start).trim();
            if (!text.equals("true") && !text.equals("false")) {
                throw Planner.refused(subject, by + " says " + START_ATTRIBUTE + "=\"" + start + "\" for " + member
                        + ", which is neither true nor false");
            }
            s = Optional.of(Boolean.parseBoolean(text));
        }
        return Optional.of(new Said(l, s, Optional.of(by)));
    }

    private static String text(Said said) {
        List<String> parts = new ArrayList<>();
        said.level().ifPresent(level -> parts.add("start level " + level));
        said.started().ifPresent(started -> parts.add(started ? "started" : "not started"));
        return said.application().orElse("the request") + ": " + String.join(", ", parts);
    }
}
