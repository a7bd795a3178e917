package dev.rustkit.scaffolder.archetype;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a set of property values against the {@link PropertyRule} table, and the values against each other and
 * against the crates the archetype's {@code Cargo.lock} template already names.
 */
public final class PropertyRules {

    /**
     * Every problem among {@code values}, in table order. Only properties the table knows are checked: the caller
     * decides which properties are required and which are unknown, because that differs between archetypes.
     */
    public static List<Problem> problems(Map<String, String> values) {
        return problems(values, null);
    }

    /**
     * As {@link #problems(Map)}, and the names the archetype's dependencies take: {@code cargoLockTemplate} is its
     * {@code archetype-resources/Cargo.lock} as the jar holds it (null when it ships none). A service named like a
     * crate in its lock, or an internal crate named like a direct dependency or like the service, gives a project
     * cargo cannot build.
     */
    public static List<Problem> problems(Map<String, String> values, String cargoLockTemplate) {
        List<Problem> problems = new ArrayList<>();
        Map<String, String> valid = new HashMap<>();
        for (PropertyRule rule : PropertyRule.values()) {
            if (values.containsKey(rule.property())) {
                Optional<Problem> problem = rule.check(values.get(rule.property()));
                problem.ifPresentOrElse(problems::add, () -> valid.put(rule.property(), values.get(rule.property())));
            }
        }
        if (cargoLockTemplate != null) {
            // Only between values that passed their own rule: a malformed name has its problem already.
            problems.addAll(nameClashes(valid, LockTemplate.parse(cargoLockTemplate)));
            problems.sort(Comparator.comparingInt(problem -> PropertyRule.forProperty(problem.property())
                    .map(Enum::ordinal).orElse(Integer.MAX_VALUE)));
        }
        return problems;
    }

    /** Throws {@link InvalidPropertiesException} listing every problem, if there is any. */
    public static void requireValid(Map<String, String> values) {
        List<Problem> problems = problems(values);
        if (!problems.isEmpty()) {
            throw new InvalidPropertiesException(problems);
        }
    }

    public static Optional<PropertyRule> rule(String property) {
        return PropertyRule.forProperty(property);
    }

    private static List<Problem> nameClashes(Map<String, String> values, LockTemplate lock) {
        List<Problem> problems = new ArrayList<>();
        String service = values.get(PropertyRule.ARTIFACT_ID.property());
        if (service != null) {
            lock.packages().stream()
                    .filter(name -> PropertyRule.CrateNames.normalized(name).equals(PropertyRule.CrateNames.normalized(service)))
                    .findFirst()
                    .ifPresent(taken -> problems.add(new Problem(PropertyRule.ARTIFACT_ID.property(), service,
                            "a name none of the service's dependencies has: its Cargo.lock already holds the crate "
                                    + taken + ", and cargo and rustc could not tell the two apart")));
        }
        String internal = values.get(PropertyRule.INTERNAL_CRATE.property());
        if (internal != null) {
            String normalized = PropertyRule.CrateNames.normalized(internal);
            Optional<String> direct = lock.rootDependencies().stream()
                    .filter(name -> PropertyRule.CrateNames.normalized(name).equals(normalized))
                    .findFirst();
            if (direct.isPresent()) {
                problems.add(new Problem(PropertyRule.INTERNAL_CRATE.property(), internal,
                        "a crate the service does not already depend on (it depends on "
                                + String.join(", ", lock.rootDependencies()) + "): Cargo.toml cannot name "
                                + direct.get() + " twice"));
            } else if (service != null && PropertyRule.CrateNames.normalized(service).equals(normalized)) {
                problems.add(new Problem(PropertyRule.INTERNAL_CRATE.property(), internal,
                        "a crate other than the service itself (artifactId \"" + service + "\")"));
            }
        }
        return problems;
    }

    /** The crate names in a {@code Cargo.lock} template: every package but the root, and the root's dependencies. */
    record LockTemplate(Set<String> packages, List<String> rootDependencies) {
        private static final String ROOT_NAME = "name = \"${artifactId}\"";

        /** By template text: an archetype's Cargo.lock template is the same on every check, so it is read once. */
        private static final java.util.concurrent.ConcurrentHashMap<String, LockTemplate> PARSED =
                new java.util.concurrent.ConcurrentHashMap<>();
        private static final int PARSED_MAX = 64; // a few per archetype jar; past this, start again empty

        static LockTemplate parse(String text) {
            LockTemplate parsed = PARSED.get(text);
            if (parsed == null) {
                if (PARSED.size() >= PARSED_MAX) {
                    PARSED.clear();
                }
                parsed = read(text);
                PARSED.putIfAbsent(text, parsed);
            }
            return parsed;
        }

        private static LockTemplate read(String text) {
            Set<String> packages = new LinkedHashSet<>();
            List<String> rootDependencies = new ArrayList<>();
            for (String block : text.split("\n\\[\\[package]]\n")) {
                String first = block.lines().findFirst().orElse("");
                if (first.equals(ROOT_NAME)) {
                    rootDependencies.addAll(dependencies(block));
                } else if (first.startsWith("name = \"")) {
                    packages.add(first.substring("name = \"".length(), first.length() - 1));
                }
            }
            return new LockTemplate(java.util.Collections.unmodifiableSet(packages), List.copyOf(rootDependencies)); // shared: read-only
        }

        // dependencies = [\n "actix-web",\n "windows-sys 0.59.0",\n]: the name is the entry's first word.
        private static List<String> dependencies(String block) {
            List<String> names = new ArrayList<>();
            boolean inList = false;
            for (String line : block.lines().toList()) {
                if (line.equals("dependencies = [")) {
                    inList = true;
                } else if (inList && line.equals("]")) {
                    inList = false;
                } else if (inList) {
                    names.add(line.strip().replace("\"", "").replace(",", "").split(" ")[0]);
                }
            }
            return names;
        }
    }

    private PropertyRules() {}
}
