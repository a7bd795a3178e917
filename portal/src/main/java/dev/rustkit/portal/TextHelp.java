package dev.rustkit.portal;

import dev.rustkit.scaffolder.ArchetypeSpec;
import dev.rustkit.scaffolder.PropertySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code GET /} tells curl, HTTPie and wget: every archetype with its properties, defaults and what is allowed,
 * and commands to copy. Made from the catalog once; {@link #render} puts in the address the client used.
 */
final class TextHelp {
    /** Stands for the portal's address (scheme, host, port) until a request supplies it. */
    private static final String BASE = "\u0000BASE\u0000";
    /** Example values for the two properties every Maven archetype has; the rest come from defaults and choices. */
    private static final Map<String, String> MAVEN_EXAMPLES = Map.of("groupId", "com.example", "artifactId", "my-service");

    private final String template;

    TextHelp(List<ArchetypeSpec> archetypes) {
        this.template = build(archetypes);
    }

    /** The help, with examples addressed to {@code base} (e.g. {@code http://localhost:8080}). */
    String render(String base) {
        return template.replace(BASE, base);
    }

    private static String build(List<ArchetypeSpec> archetypes) {
        StringBuilder text = new StringBuilder();
        text.append("rustkit portal: production-grade Rust web-service projects from rustkit's archetypes.\n\n");
        text.append("  GET|POST /starter.zip                the project as a zip (unix modes kept)\n");
        text.append("  GET|POST /starter.tgz                the project as a tar.gz\n");
        text.append("  GET      /preview                    the files it would hold, as JSON (nothing is written)\n");
        text.append("  GET      /metadata                   archetypes and properties as JSON, URI templates in _links\n");
        text.append("  GET      /metadata/{archetype}/schema  an archetype's properties as JSON Schema\n");
        text.append("  GET      /health, /ready             liveness and readiness\n\n");
        text.append("Parameters, in the query string or a form body (application/x-www-form-urlencoded), at most ")
                .append(Portal.MAX_QUERY_BYTES).append(" bytes of query and ").append(Portal.MAX_FORM_BYTES)
                .append(" of body:\n");
        text.append("  archetype   required: ")
                .append(archetypes.stream().map(ArchetypeSpec::id).collect(Collectors.joining(", "))).append('\n');
        text.append("  baseDir     the directory the archive holds the project in (default: the artifactId; empty: none)\n");
        text.append("  and the archetype's properties, below. A bad value is answered with 400 and every problem.\n");
        text.append("  A property given empty (name=) counts as not given, as a blank HTML form field does.\n");

        ArchetypeSpec first = archetypes.stream().filter(a -> !placeholders(a)).findFirst()
                .orElse(archetypes.isEmpty() ? null : archetypes.get(0));
        if (first != null) {
            Map<String, String> values = examples(first);
            String query = values.entrySet().stream().map(e -> "&" + e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("", "?archetype=" + first.id(), ""));
            String name = values.getOrDefault("artifactId", "project");
            text.append("\nExamples:\n");
            text.append("  curl -fsSL -o ").append(name).append(".zip '").append(BASE).append("/starter.zip")
                    .append(query).append("'\n");
            text.append("  curl -fsSL '").append(BASE).append("/starter.tgz").append(query).append("' | tar -xzf -\n");
            text.append("  ").append(formCommand(first, values, name + "-flat.zip")).append(" -d baseDir=\n");
            text.append("  (the last one has no top directory: unzip it with -d <directory>)\n");
        }
        for (ArchetypeSpec archetype : archetypes) {
            text.append('\n').append(archetype.id()).append(": ").append(archetype.description()).append('\n');
            for (PropertySpec property : archetype.properties()) {
                text.append("  ").append(property.name()).append(" (");
                if (property.required()) {
                    text.append("required");
                } else if (property.defaultValue() != null) {
                    text.append("default: ").append(property.defaultValue());
                } else {
                    text.append("optional");
                }
                text.append(")\n      ").append(property.description()).append('\n');
                if (property.allowed() != null) {
                    text.append("      Allowed: ").append(property.allowed()).append(".\n");
                }
            }
            Map<String, String> values = examples(archetype);
            text.append("  ").append(formCommand(archetype, values, values.getOrDefault("artifactId", "project") + ".zip"))
                    .append('\n');
            if (placeholders(archetype)) {
                text.append("  (replace each <...> with a value allowed above)\n");
            }
        }
        return text.toString();
    }

    /** {@code curl ... -d archetype=ID -d name=value ...}: placeholders and odd characters go through --data-urlencode. */
    private static String formCommand(ArchetypeSpec archetype, Map<String, String> values, String output) {
        List<String> words = new ArrayList<>(List.of("curl", "-fsSL", "-o", output, BASE + "/starter.zip",
                "-d", "archetype=" + archetype.id()));
        values.forEach((name, value) -> {
            if (value.matches("[A-Za-z0-9._-]+")) {
                words.add("-d");
                words.add(name + "=" + value);
            } else {
                words.add("--data-urlencode");
                words.add("'" + name + "=" + value + "'");
            }
        });
        return String.join(" ", words);
    }

    /** A value for every required property: Maven's two get examples, a choice its first choice, others a placeholder. */
    private static Map<String, String> examples(ArchetypeSpec archetype) {
        Map<String, String> values = new LinkedHashMap<>();
        for (PropertySpec property : archetype.properties()) {
            if (!property.required()) {
                continue;
            }
            String example = MAVEN_EXAMPLES.get(property.name());
            if (example == null && !property.choices().isEmpty()) {
                example = property.choices().get(0);
            }
            values.put(property.name(), example != null ? example : "<" + property.name() + ">");
        }
        // groupId first, as in mvn archetype:generate's command lines.
        Map<String, String> ordered = new LinkedHashMap<>();
        if (values.containsKey("groupId")) {
            ordered.put("groupId", values.remove("groupId"));
        }
        ordered.putAll(values);
        return ordered;
    }

    private static boolean placeholders(ArchetypeSpec archetype) {
        return examples(archetype).values().stream().anyMatch(value -> value.startsWith("<"));
    }
}
