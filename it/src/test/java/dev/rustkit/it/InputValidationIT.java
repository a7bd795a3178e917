package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input through real {@code mvn archetype:generate -B}: Maven applies no validationRegex in batch mode, so the
 * archetype's own check must fail the build, name the property, quote the value, say what is allowed, and leave
 * no project directory behind.
 */
@Execution(ExecutionMode.CONCURRENT) // Maven only, each case in its own directory: junit-platform.properties
class InputValidationIT {
    private static final Archetype ARCHETYPE = Archetype.ACTIX_SCRATCH;

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource(delimiter = '|', textBlock = """
            artifactId | 2fast
            artifactId | has space
            artifactId | self
            artifactId | test
            artifactId | core
            artifactId | xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
            artifactId | ünïcode
            artifactId | ../escape
            artifactId | OrdersApi
            artifactId | orders_
            artifactId | tracing
            artifactId | actix_web
            port       | 0
            port       | 0080
            port       | 65536
            port       | abc
            rustVersion| 1.88.0
            rustVersion| 1.950
            rustVersion| 2.0
            rustVersion| stable
            rustVersion| 1.95.99
            allocator  | tcmalloc
            """)
    void refusesTheValueNamingPropertyValueAndWhatIsAllowed(String property, String value) throws IOException {
        Path output = Files.createTempDirectory("rustkit-invalid-");
        Map<String, String> properties = ARCHETYPE.properties();
        properties.put(property, value);

        Maven.Outcome outcome = Maven.generate(ARCHETYPE, output, properties);

        assertThat(outcome.succeeded()).as("generation must fail; output:\n%s", outcome.output()).isFalse();
        assertThat(outcome.output())
                .contains(property + ": \"" + value + "\" is not allowed. Allowed: ")
                .contains("[ERROR]");
        assertNothingLeftIn(output);
        assertThat(output.getParent().resolve("escape")).as("nothing written beside the output directory")
                .doesNotExist();
    }

    @ParameterizedTest(name = "private-registry {0}={1} is refused")
    @CsvSource(delimiter = '|', textBlock = """
            registryName         | crates-io
            registryName         | has space
            registryIndex        | http://cargo.example.com/index/
            registryIndex        | https://user:secret@cargo.example.com/index/
            registryIndex        | https://cargo.example.com/index
            registryIndex        | https://cargo.example.com:99999/index/
            internalCrate        | 2fast
            internalCrate        | serde
            internalCrate        | zz_billing-svc5
            internalCrateVersion | latest
            """)
    void refusesBadRegistryValues(String property, String value) throws IOException {
        Path output = Files.createTempDirectory("rustkit-invalid-");
        Map<String, String> properties = Archetype.PRIVATE_REGISTRY.properties();
        properties.put(property, value);

        Maven.Outcome outcome = Maven.generate(Archetype.PRIVATE_REGISTRY, output, properties);

        assertThat(outcome.succeeded()).as("generation must fail; output:\n%s", outcome.output()).isFalse();
        assertThat(outcome.output()).contains(property + ": \"" + value + "\" is not allowed. Allowed: ");
        assertNothingLeftIn(output);
    }

    @Test
    void reportsEveryBadValueAtOnce() throws IOException {
        Path output = Files.createTempDirectory("rustkit-invalid-");
        Map<String, String> properties = ARCHETYPE.properties();
        properties.put("port", "99999");
        properties.put("allocator", "tcmalloc");

        Maven.Outcome outcome = Maven.generate(ARCHETYPE, output, properties);

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.output())
                .contains("port: \"99999\" is not allowed. Allowed: a whole number from 1 to 65535, without leading zeros.")
                .contains("allocator: \"tcmalloc\" is not allowed. Allowed: one of mimalloc, jemalloc, system.");
        assertNothingLeftIn(output);
    }

    private static void assertNothingLeftIn(Path output) throws IOException {
        try (var entries = Files.list(output)) {
            assertThat(entries.toList()).as("files left behind in %s", output).isEmpty();
        }
        Files.delete(output);
    }
}
