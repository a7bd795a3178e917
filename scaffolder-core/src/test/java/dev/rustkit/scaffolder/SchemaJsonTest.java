package dev.rustkit.scaffolder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path jars;

    private Scaffolder scaffolder;

    @BeforeEach
    void load() {
        scaffolder = TestArchetype.rustkit("svc-archetype").load(jars);
    }

    @Test
    void jsonSchemaIsAnObjectSchemaABackstageStepCanUse() throws Exception {
        JsonNode schema = JSON.readTree(scaffolder.archetype("svc").orElseThrow().toJsonSchema());

        assertThat(schema.path("title").asText()).isEqualTo("svc");
        assertThat(schema.path("type").asText()).isEqualTo("object");
        assertThat(strings(schema.path("required"))).containsExactly("artifactId", "groupId");
        assertThat(schema.has("additionalProperties")).as("a template may add steps of its own").isFalse();
        JsonNode allocator = schema.path("properties").path("allocator");
        assertThat(strings(allocator.path("enum"))).containsExactly("mimalloc", "jemalloc", "system");
        assertThat(allocator.path("default").asText()).isEqualTo("mimalloc");
        assertThat(allocator.path("description").asText()).endsWith("Allowed: one of mimalloc, jemalloc, system.");
    }

    @Test
    void patternsAreAnchoredAndAgreeWithTheRuleTable() throws Exception {
        JsonNode properties = JSON.readTree(scaffolder.archetype("svc").orElseThrow().toJsonSchema()).path("properties");

        Pattern port = Pattern.compile(properties.path("port").path("pattern").asText());
        assertThat(port.pattern()).startsWith("^").endsWith("$");
        for (String value : List.of("1", "80", "8080", "65535")) {
            assertThat(port.matcher(value).find()).as(value).isTrue();
        }
        for (String value : List.of("0", "65536", "000080", "abc", "", "8080 ")) {
            assertThat(port.matcher(value).find()).as(value).isFalse();
        }
        Pattern crate = Pattern.compile(properties.path("artifactId").path("pattern").asText());
        assertThat(crate.matcher("zz-orders_api2").find()).isTrue();
        assertThat(crate.matcher("2fast").find()).isFalse();
        assertThat(crate.matcher("x".repeat(65)).find()).isFalse();
        assertThat(properties.path("port").path("default").asText()).matches(port);
    }

    @Test
    void metadataCarriesEveryFieldOfThePropertySpecs() throws Exception {
        JsonNode metadata = JSON.readTree(scaffolder.archetype("svc").orElseThrow().toMetadataJson());

        assertThat(metadata.path("id").asText()).isEqualTo("svc");
        assertThat(metadata.path("description").asText()).isEqualTo("A test service.");
        JsonNode port = metadata.path("properties").get(1);
        assertThat(port.path("name").asText()).isEqualTo("port");
        assertThat(port.path("type").asText()).isEqualTo("integer");
        assertThat(port.path("required").asBoolean(true)).isFalse();
        assertThat(port.path("default").asText()).isEqualTo("8080");
        assertThat(port.path("allowed").asText()).isEqualTo("a whole number from 1 to 65535, without leading zeros");
        assertThat(port.has("pattern") && port.has("choices") && port.has("description")).isTrue();
        assertThat(metadata.path("properties").get(0).path("default").isNull()).isTrue();
    }

    @Test
    void catalogJsonListsEveryArchetype() throws Exception {
        JsonNode catalog = JSON.readTree(scaffolder.catalogJson());

        assertThat(catalog.path("archetypes")).hasSize(1);
        assertThat(catalog.path("archetypes").get(0).path("id").asText()).isEqualTo("svc");
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }
}
