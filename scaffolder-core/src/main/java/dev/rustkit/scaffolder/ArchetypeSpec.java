package dev.rustkit.scaffolder;

import dev.rustkit.scaffolder.internal.Schemas;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An installed archetype, as a catalog shows it: id, description and the properties it takes. Immutable (the
 * property list is an unmodifiable copy) and safe to share between threads; two specs are equal when all three
 * components are.
 *
 * @param id the artifactId without {@code -archetype}, e.g. {@code actix-scratch}
 * @param description the {@code <description>} of the archetype's pom
 * @param properties every property it takes, artifactId first, then its own, then the other Maven ones
 */
public record ArchetypeSpec(String id, String description, List<PropertySpec> properties) {

    /**
     * Makes a spec, copying {@code properties}.
     *
     * @param id the archetype id
     * @param description what it generates, one sentence
     * @param properties every property it takes
     * @throws NullPointerException if any component (or any property) is null
     */
    public ArchetypeSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        properties = List.copyOf(properties);
    }

    /**
     * One of its properties, by name.
     *
     * @param name the property's name, e.g. {@code port}; case-sensitive
     * @return the property, or empty if this archetype takes no property of that name
     */
    public Optional<PropertySpec> property(String name) {
        return properties.stream().filter(property -> property.name().equals(name)).findFirst();
    }

    /**
     * The properties as a JSON Schema (draft-07) object: drop-in for one step of a Backstage template's
     * {@code parameters}. Values are strings; patterns are anchored; defaults that are expressions are described,
     * not given.
     *
     * @return the schema as pretty-printed JSON text, the same for the same spec every time
     */
    public String toJsonSchema() {
        return Schemas.jsonSchema(this);
    }

    /**
     * The compact metadata a web form needs: the same fields as {@link PropertySpec}, as JSON.
     *
     * @return the metadata as pretty-printed JSON text: an object with the id, description and every property
     */
    public String toMetadataJson() {
        return Schemas.metadataJson(this);
    }
}
