package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustkit.scaffolder.GeneratedTree;
import dev.rustkit.scaffolder.GenerationRequest;
import dev.rustkit.scaffolder.Scaffolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * scaffolder-core against real {@code mvn archetype:generate -B}: for every archetype and several property sets, the
 * engine's project (in memory and written to disk) is byte for byte, mode for mode, what Maven generated from the
 * same jar.
 */
@Execution(ExecutionMode.CONCURRENT) // Maven only, each case in its own directory: junit-platform.properties
class ScaffolderEquivalenceIT {
    private static Scaffolder engine;

    @BeforeAll
    static void engine() {
        engine = Scaffolding.engine();
    }

    static Stream<Arguments> propertySets() {
        List<Arguments> sets = new ArrayList<>();
        for (Archetype archetype : Archetype.selected()) {
            Map<String, String> odd = archetype.properties();
            sets.add(Arguments.of(archetype, "defaults", requiredOnly(archetype, with(with(odd, "groupId", "com.example"),
                    "artifactId", "orders"))));
            sets.add(Arguments.of(archetype, "odd names", odd));
            for (String allocator : List.of("mimalloc", "jemalloc", "system")) {
                sets.add(Arguments.of(archetype, "allocator " + allocator, with(odd, "allocator", allocator)));
            }
            if (Scaffolding.engine().archetype(archetype.id()).orElseThrow().property("runtime").isPresent()) {
                for (String runtime : RuntimeIT.RUNTIMES) {
                    sets.add(Arguments.of(archetype, "runtime " + runtime, with(odd, "runtime", runtime)));
                }
            }
            sets.add(Arguments.of(archetype, "lowest values",
                    with(with(with(odd, "artifactId", "a"), "port", "1"), "rustVersion", "1.89")));
            sets.add(Arguments.of(archetype, "highest port, patch release", with(with(with(odd,
                    "artifactId", "orders-x_" + "x".repeat(55)), "port", "65535"), "rustVersion", "1.94.1")));
            sets.add(Arguments.of(archetype, "blank port means the default", with(odd, "port", "")));
        }
        return sets.stream();
    }

    /** Only what the archetype has no default for: every other property takes its default. */
    private static Map<String, String> requiredOnly(Archetype archetype, Map<String, String> properties) {
        Map<String, String> required = new LinkedHashMap<>(properties);
        required.keySet().removeIf(name -> !Scaffolding.engine().archetype(archetype.id()).orElseThrow()
                .property(name).orElseThrow().required());
        return required;
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("propertySets")
    void theEngineGeneratesExactlyWhatMavenGenerates(Archetype archetype, String name, Map<String, String> properties)
            throws IOException {
        GeneratedProject maven = GeneratedProject.generate(archetype, properties);
        ProjectTree expected = ProjectTree.of(maven.directory());

        GeneratedTree tree = engine.generate(GenerationRequest.of(archetype.id(), properties));
        Path written = Scaffolding.workDirectory("scaffolder-").resolve(maven.name());
        tree.writeTo(written);

        ProjectTree.of(written).assertSameAs(expected, "written by scaffolder-core vs mvn archetype:generate");
        ProjectTree.of(tree).assertSameAs(expected, "scaffolder-core in memory vs mvn archetype:generate");
        assertThat(expected.contents()).as("Maven generated something").isNotEmpty();
    }

    private static Map<String, String> with(Map<String, String> properties, String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(properties);
        more.put(name, value);
        return more;
    }
}
