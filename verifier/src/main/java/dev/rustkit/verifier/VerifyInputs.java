package dev.rustkit.verifier;

import dev.rustkit.scaffolder.ArchetypeSpec;
import dev.rustkit.scaffolder.Scaffolder;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What every front end of the verifier reads the same way: the check selection, the matrix, the archetype and the
 * default properties. {@code option} is how the front end names the input in its messages ({@code --checks} for
 * the CLI, {@code <checks>} for the Maven goal).
 */
public final class VerifyInputs {
    /** Properties every run sets unless given: an archetype requires groupId and artifactId. */
    public static final Map<String, String> DEFAULT_PROPERTIES = defaults();

    /**
     * The checks to run: none named means all; names alone select those; names each with a leading {@code -} select
     * all but those. Mixing both is refused.
     */
    public static Set<Check> checks(String option, List<String> entries) {
        if (entries.isEmpty()) {
            return EnumSet.allOf(Check.class);
        }
        boolean excluding = entries.get(0).startsWith("-");
        EnumSet<Check> named = EnumSet.noneOf(Check.class);
        for (String entry : entries) {
            if (entry.startsWith("-") != excluding) {
                throw new InvalidInputException(option + " \"" + String.join(",", entries) + "\": either name the"
                        + " checks to run or, each with a leading '-', the checks to leave out, not both.");
            }
            String id = excluding ? entry.substring(1) : entry;
            named.add(Check.byId(id).orElseThrow(() -> new InvalidInputException(option + ": \"" + id
                    + "\" is not a check. Allowed: " + Check.ids() + ".")));
        }
        return excluding ? EnumSet.complementOf(named) : named;
    }

    /**
     * {@code name=value1,value2} entries as the verifier's matrix, in the order given. A name may not repeat, nor
     * be one of {@code properties}.
     */
    public static Map<String, List<String>> matrix(String option, List<String> entries, Set<String> properties) {
        Map<String, List<String>> parsed = new LinkedHashMap<>();
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            List<String> values = equals < 0 ? List.of()
                    : Arrays.stream(entry.substring(equals + 1).split(",", -1)).map(String::strip).toList();
            if (equals <= 0 || values.stream().anyMatch(String::isEmpty)) {
                throw new InvalidInputException(option + " \"" + entry + "\": expected name=value1,value2,… with no"
                        + " empty value.");
            }
            String name = entry.substring(0, equals);
            if (parsed.containsKey(name) || properties.contains(name)) {
                throw new InvalidInputException(option + " \"" + entry + "\": " + name + " is already given.");
            }
            parsed.put(name, values);
        }
        return parsed;
    }

    /**
     * The archetype to verify: {@code requested} if the jars hold it; with none requested, the one archetype they
     * hold. {@code jars} names the jars in messages.
     */
    public static String archetype(Scaffolder scaffolder, String requested, String jars) {
        List<String> known = scaffolder.archetypes().stream().map(ArchetypeSpec::id).toList();
        if (requested == null || requested.isBlank()) {
            if (known.size() == 1) {
                return known.get(0);
            }
            throw new InvalidInputException(known.isEmpty() ? jars + " hold no archetype."
                    : jars + " hold several archetypes: " + String.join(", ", known) + "; name the one to verify.");
        }
        if (!known.contains(requested)) {
            throw new InvalidInputException("archetype \"" + requested + "\" is not in " + jars + ". Known: "
                    + String.join(", ", known) + ".");
        }
        return requested;
    }

    /** {@code given} with {@link #DEFAULT_PROPERTIES} for those not given, in the given order first. */
    public static Map<String, String> withDefaults(Map<String, String> given) {
        Map<String, String> all = new LinkedHashMap<>(given);
        DEFAULT_PROPERTIES.forEach(all::putIfAbsent);
        return all;
    }

    /** {@code PASSED: 3 of 3 property sets passed}, or FAILED with how many steps failed or could not run. */
    public static String summary(List<Verifier.Report> reports) {
        long failedSteps = reports.stream().flatMap(r -> r.steps().stream()).filter(s -> !s.passed()).count();
        long failedSets = reports.stream().filter(r -> !r.passed()).count();
        return String.format(java.util.Locale.ROOT, "%s: %d of %d property sets passed%s",
                failedSets == 0 ? "PASSED" : "FAILED", reports.size() - failedSets, reports.size(),
                failedSteps == 0 ? "" : " (" + failedSteps + " steps failed or could not run)");
    }

    /**
     * Each failed set with its failed steps and their first lines: {@code actix-scratch artifactId=x: hadolint
     * FAILED (Dockerfile:40 DL3002 …)}, one per line. Empty if every step passed.
     */
    public static String failures(List<Verifier.Report> reports) {
        return reports.stream().filter(report -> !report.passed())
                .map(report -> report.name() + ": " + report.steps().stream().filter(step -> !step.passed())
                        .map(step -> step.check().id() + " " + step.status() + " (" + step.headline() + ")")
                        .collect(Collectors.joining(", ")))
                .collect(Collectors.joining("\n"));
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("groupId", "com.example");
        defaults.put("artifactId", "verified-service");
        return java.util.Collections.unmodifiableMap(defaults);
    }

    private VerifyInputs() {}
}
