package dev.rustkit.portal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rustkit.scaffolder.ArchetypeSpec;
import dev.rustkit.scaffolder.GeneratedFile;
import dev.rustkit.scaffolder.PropertySpec;
import dev.rustkit.scaffolder.Scaffolder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The JSON the portal serves, made from the engine's own exports: {@code /metadata} is the engine's catalog with
 * hypermedia links and the portal's own two parameters added; {@code /metadata/{id}/schema} is the engine's JSON
 * Schema as it is. Both are made once (the catalog cannot change while the portal runs).
 */
final class Catalog {
    static final String JSON_TYPE = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Scaffolder engine;
    private final Representation metadata;
    private final Map<String, Representation> schemas = new LinkedHashMap<>();

    Catalog(Scaffolder engine) {
        this.engine = engine;
        try {
            this.metadata = Representation.of(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata(engine)),
                    JSON_TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the metadata", e);
        }
        for (ArchetypeSpec archetype : engine.archetypes()) {
            schemas.put(archetype.id(), Representation.of(archetype.toJsonSchema(), JSON_TYPE));
        }
    }

    Scaffolder engine() {
        return engine;
    }

    Representation metadata() {
        return metadata;
    }

    Optional<Representation> schema(String archetype) {
        return Optional.ofNullable(schemas.get(archetype));
    }

    String knownArchetypes() {
        return String.join(", ", schemas.keySet());
    }

    /** What {@code /preview} answers: the files that would be generated, with their text; nothing is written. */
    static byte[] preview(Starter starter) {
        ObjectNode preview = JSON.createObjectNode();
        preview.put("archetype", starter.tree().archetype());
        preview.put("baseDir", starter.baseDir());
        ObjectNode properties = preview.putObject("properties");
        starter.tree().properties().forEach(properties::put);
        ArrayNode directories = preview.putArray("directories");
        starter.tree().directories().forEach(directories::add);
        ArrayNode files = preview.putArray("files");
        for (GeneratedFile file : starter.tree().files()) {
            files.addObject()
                    .put("path", file.path())
                    .put("mode", String.format("%04o", file.mode()))
                    .put("size", file.size())
                    .put("text", text(file));
        }
        try {
            return JSON.writeValueAsBytes(preview);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a preview", e);
        }
    }

    /** The file as text, or null if it is not UTF-8 (no rustkit template is binary today, a fork's could be). */
    private static String text(GeneratedFile file) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(file.content()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static ObjectNode metadata(Scaffolder engine) throws JsonProcessingException {
        ObjectNode root = JSON.createObjectNode();
        JsonNode catalog = JSON.readTree(engine.catalogJson());
        ArrayNode archetypes = root.putArray("archetypes");
        for (JsonNode archetype : catalog.get("archetypes")) {
            ObjectNode copy = archetype.deepCopy();
            String id = copy.get("id").asText();
            ArchetypeSpec spec = engine.archetype(id).orElseThrow();
            String variables = spec.properties().stream().map(PropertySpec::name)
                    .collect(Collectors.joining(",", "{&" + Starter.BASE_DIR + ",", "}"));
            ObjectNode links = copy.putObject("_links");
            link(links, "zip", "/starter.zip?archetype=" + id + variables, true);
            link(links, "tgz", "/starter.tgz?archetype=" + id + variables, true);
            link(links, "preview", "/preview?archetype=" + id + variables, true);
            link(links, "schema", "/metadata/" + id + "/schema", false);
            archetypes.add(copy);
        }
        ObjectNode parameters = root.putObject("parameters");
        parameters.putObject(Starter.ARCHETYPE)
                .put("required", true)
                .put("description", "The archetype to generate from: one of the ids above.");
        parameters.putObject(Starter.BASE_DIR)
                .put("required", false)
                .put("description", "The directory the archive holds the project in; the artifactId when not given,"
                        + " none when empty.")
                .put("allowed", Starter.BASE_DIR_ALLOWED);
        root.putObject("limits")
                .put("queryBytes", Portal.MAX_QUERY_BYTES)
                .put("formBytes", Portal.MAX_FORM_BYTES);
        ObjectNode links = root.putObject("_links");
        link(links, "self", "/metadata", false);
        link(links, "zip", "/starter.zip{?archetype,baseDir}", true);
        link(links, "tgz", "/starter.tgz{?archetype,baseDir}", true);
        link(links, "preview", "/preview{?archetype,baseDir}", true);
        link(links, "schema", "/metadata/{archetype}/schema", true);
        link(links, "help", "/", false);
        return root;
    }

    private static void link(ObjectNode links, String relation, String href, boolean templated) {
        ObjectNode link = links.putObject(relation).put("href", href);
        if (templated) {
            link.put("templated", true);
        }
    }
}
