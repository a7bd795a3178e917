package dev.rustkit.scaffolder;

import dev.rustkit.scaffolder.internal.Schemas;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An installed archetype, as a catalog shows it: id, description and the properties it takes.
 *
 * @param id the artifactId without {@code -archetype}, e.g. {@code actix-scratch}
 * @param description the {@code <description>} of the archetype's pom
 * @param properties every property it takes, artifactId first, then its own, then the other Maven ones
 */
public record ArchetypeSpec(String id, String description, List<PropertySpec> properties) {

    public ArchetypeSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        properties = List.copyOf(properties);
    }

    public Optional<PropertySpec> property(String name) {
        return properties.stream().filter(property -> property.name().equals(name)).findFirst();
    }

    /**
     * The properties as a JSON Schema (draft-07) object: drop-in for one step of a Backstage template's
     * {@code parameters}. Values are strings; patterns are anchored; defaults that are expressions are described,
     * not given.
     */
    public String toJsonSchema() {
        return Schemas.jsonSchema(this);
    }

    /** The compact metadata a web form needs: the same fields as {@link PropertySpec}, as JSON. */
    public String toMetadataJson() {
        return Schemas.metadataJson(this);
    }
}
