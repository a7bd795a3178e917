package dev.rustkit.scaffolder.archetype;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when property values break the rule table; lists every problem, not just the first. */
public final class InvalidPropertiesException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public InvalidPropertiesException(List<Problem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String describe(List<Problem> problems) {
        return problems.size() == 1
                ? "Invalid property: " + problems.get(0).message()
                : problems.stream()
                        .map(problem -> "  - " + problem.message())
                        .collect(Collectors.joining("\n", "Invalid properties:\n", ""));
    }
}
