package dev.rustkit.scaffolder.archetype;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Checks a set of property values against the {@link PropertyRule} table. */
public final class PropertyRules {

    /**
     * Every problem among {@code values}, in table order. Only properties the table knows are checked: the caller
     * decides which properties are required and which are unknown, because that differs between archetypes.
     */
    public static List<Problem> problems(Map<String, String> values) {
        List<Problem> problems = new ArrayList<>();
        for (PropertyRule rule : PropertyRule.values()) {
            if (values.containsKey(rule.property())) {
                rule.check(values.get(rule.property())).ifPresent(problems::add);
            }
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

    private PropertyRules() {}
}
