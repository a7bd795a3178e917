package dev.rustkit.scaffolder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to generate: an archetype id and property values, as {@code mvn archetype:generate -B -DartifactId=...}
 * takes them. Immutable; {@link #with} returns a new request. Neither names nor values may be null; a blank value
 * counts as not given, as in Maven.
 *
 * <pre>{@code
 * GenerationRequest request = GenerationRequest.of("actix-scratch")
 *         .with("groupId", "com.example")
 *         .with("artifactId", "orders")
 *         .with("port", "8081");
 * }</pre>
 *
 * @param archetype the archetype id, e.g. {@code actix-scratch}
 * @param properties property values by name, in the order given
 */
public record GenerationRequest(String archetype, Map<String, String> properties) {

    public GenerationRequest {
        Objects.requireNonNull(archetype, "archetype");
        Map<String, String> copy = new LinkedHashMap<>();
        properties.forEach((name, value) -> copy.put(
                Objects.requireNonNull(name, "property name"),
                Objects.requireNonNull(value, () -> "value of property " + name)));
        properties = Collections.unmodifiableMap(copy);
    }

    public static GenerationRequest of(String archetype) {
        return new GenerationRequest(archetype, Map.of());
    }

    public static GenerationRequest of(String archetype, Map<String, String> properties) {
        return new GenerationRequest(archetype, properties);
    }

    /** This request with one more value (or a new value for {@code name}). */
    public GenerationRequest with(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(properties);
        more.put(name, value);
        return new GenerationRequest(archetype, more);
    }
}
