package dev.rustkit.scaffolder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to generate: an archetype id and property values, as {@code mvn archetype:generate -B -DartifactId=...}
 * takes them. Immutable and safe to share between threads; {@link #with} returns a new request. Neither names nor
 * values may be null; a blank value counts as not given, as in Maven. Nothing is checked here: unknown archetypes,
 * unknown properties and bad values are all reported by {@link Scaffolder#generate}, together.
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

    /**
     * Makes a request, copying {@code properties} in their iteration order.
     *
     * @param archetype the archetype id
     * @param properties property values by name
     * @throws NullPointerException if {@code archetype}, {@code properties}, or any name or value in it is null
     */
    public GenerationRequest {
        Objects.requireNonNull(archetype, "archetype");
        Map<String, String> copy = new LinkedHashMap<>();
        properties.forEach((name, value) -> copy.put(
                Objects.requireNonNull(name, "property name"),
                Objects.requireNonNull(value, () -> "value of property " + name)));
        properties = Collections.unmodifiableMap(copy);
    }

    /**
     * A request for {@code archetype} with no values yet; add them with {@link #with}.
     *
     * @param archetype the archetype id, e.g. {@code actix-scratch}
     * @return the request
     * @throws NullPointerException if {@code archetype} is null
     */
    public static GenerationRequest of(String archetype) {
        return new GenerationRequest(archetype, Map.of());
    }

    /**
     * A request for {@code archetype} with these values (copied; later changes to the map do not reach it).
     *
     * @param archetype the archetype id, e.g. {@code actix-scratch}
     * @param properties property values by name
     * @return the request
     * @throws NullPointerException if {@code archetype}, {@code properties}, or any name or value in it is null
     */
    public static GenerationRequest of(String archetype, Map<String, String> properties) {
        return new GenerationRequest(archetype, properties);
    }

    /**
     * This request with one more value, or a new value for {@code name}; this request itself is unchanged.
     *
     * @param name the property, e.g. {@code port}
     * @param value its value, as text
     * @return a new request
     * @throws NullPointerException if {@code name} or {@code value} is null
     */
    public GenerationRequest with(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(properties);
        more.put(name, value);
        return new GenerationRequest(archetype, more);
    }
}
