package dev.rustkit.scaffolder.internal;

import dev.rustkit.scaffolder.ArchetypeSpec;
import dev.rustkit.scaffolder.PropertySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON exports of an archetype's properties: JSON Schema for Backstage, compact metadata for web forms. */
public final class Schemas {

    public static String jsonSchema(ArchetypeSpec archetype) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("title", archetype.id());
        schema.put("description", archetype.description());
        schema.put("type", "object");
        schema.put("required", archetype.properties().stream().filter(PropertySpec::required).map(PropertySpec::name).toList());
        Map<String, Object> properties = new LinkedHashMap<>();
        for (PropertySpec property : archetype.properties()) {
            Map<String, Object> field = new LinkedHashMap<>();
            field.put("title", property.name());
            field.put("description", sentence(property));
            // Values are text, as Maven's -D values are; a form keeps "8080" as typed and the engine gets it as is.
            field.put("type", "string");
            if (!property.choices().isEmpty()) {
                field.put("enum", property.choices());
            }
            if (property.pattern() != null && property.choices().isEmpty()) {
                field.put("pattern", "^(?:" + property.pattern() + ")$");
            }
            if (property.defaultValue() != null && !property.defaultValue().contains("${")) {
                field.put("default", property.defaultValue());
            }
            if (property.required()) {
                field.put("minLength", 1);
            }
            properties.put(property.name(), field);
        }
        schema.put("properties", properties);
        // No "$schema" and no "additionalProperties": false. Backstage validates each parameters step against the
        // values of the whole form, so either would reject a template that adds steps of its own (repoUrl, owner).
        // The engine refuses unknown properties itself.
        return Json.write(schema);
    }

    public static String metadataJson(ArchetypeSpec archetype) {
        return Json.write(metadata(archetype));
    }

    /** Every archetype's metadata: {@code {"archetypes": [...]}}. */
    public static String catalogJson(List<ArchetypeSpec> archetypes) {
        List<Object> all = new ArrayList<>();
        archetypes.forEach(archetype -> all.add(metadata(archetype)));
        Map<String, Object> catalog = new LinkedHashMap<>();
        catalog.put("archetypes", all);
        return Json.write(catalog);
    }

    private static Map<String, Object> metadata(ArchetypeSpec archetype) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", archetype.id());
        map.put("description", archetype.description());
        List<Object> properties = new ArrayList<>();
        for (PropertySpec property : archetype.properties()) {
            Map<String, Object> field = new LinkedHashMap<>();
            field.put("name", property.name());
            field.put("type", property.type().name().toLowerCase(Locale.ROOT));
            field.put("required", property.required());
            field.put("default", property.defaultValue());
            field.put("choices", property.choices());
            field.put("pattern", property.pattern());
            field.put("description", property.description());
            field.put("allowed", property.allowed());
            properties.add(field);
        }
        map.put("properties", properties);
        return map;
    }

    /** The description a form shows: what it does, what is allowed, and a default that is an expression. */
    private static String sentence(PropertySpec property) {
        StringBuilder text = new StringBuilder(property.description());
        if (property.allowed() != null) {
            text.append(text.length() > 0 ? " " : "").append("Allowed: ").append(property.allowed()).append('.');
        }
        if (property.defaultValue() != null && property.defaultValue().contains("${")) {
            text.append(" Default: ").append(property.defaultValue()).append('.');
        }
        return text.toString();
    }

    private Schemas() {}
}
