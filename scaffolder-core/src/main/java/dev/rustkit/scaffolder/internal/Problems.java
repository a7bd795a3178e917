package dev.rustkit.scaffolder.internal;

import dev.rustkit.scaffolder.archetype.Problem;
import java.util.Collection;

/** Problems with a request that no rule table can know of. */
public final class Problems {

    /** {@code archetype: "x" is not allowed. Allowed: one of a, b.} */
    public static Problem unknownArchetype(String id, Collection<String> installed) {
        return new Problem("archetype", id, installed.isEmpty() ? "an installed archetype (none is installed)"
                : "one of " + String.join(", ", installed));
    }

    private Problems() {}
}
