package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustkit.scaffolder.GenerationRequest;
import dev.rustkit.scaffolder.Scaffolder;
import dev.rustkit.scaffolder.archetype.InvalidPropertiesException;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input through the API and through the CLI: each gives its clear error (the property, the value quoted, what is
 * allowed), the CLI exits 2 with it on stderr, and nothing is written.
 */
class ScaffolderInputIT {
    private static final Archetype ARCHETYPE = Archetype.ACTIX_SCRATCH;
    private static Scaffolder engine;

    @BeforeAll
    static void engine() {
        engine = Scaffolding.engine();
    }

    @ParameterizedTest(name = "{0}=\"{1}\" is refused")
    @CsvSource(delimiter = '|', textBlock = """
            artifactId  | has space      | a crate name
            artifactId  | 2fast          | a crate name
            artifactId  | self           | a crate name
            artifactId  | async          | a crate name
            artifactId  | test           | a crate name
            artifactId  | core           | a crate name
            artifactId  | CON            | a crate name
            artifactId  | xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx | a crate name
            artifactId  | ünïcode        | a crate name
            artifactId  | ../escape      | a crate name
            artifactId  | a/b            | a crate name
            artifactId  | /etc           | a crate name
            port        | 0              | a whole number from 1 to 65535
            port        | 65536          | a whole number from 1 to 65535
            port        | abc            | a whole number from 1 to 65535
            port        | -1             | a whole number from 1 to 65535
            rustVersion | 1.88.0         | a released stable Rust version
            rustVersion | 1.950          | a released stable Rust version
            rustVersion | 2.0            | a released stable Rust version
            rustVersion | stable         | a released stable Rust version
            rustVersion | 1.999          | a released stable Rust version
            allocator   | tcmalloc       | one of mimalloc, jemalloc, system
            allocator   | MIMALLOC       | one of mimalloc, jemalloc, system
            colour      | red            | only the properties actix-scratch defines
            """)
    void aBadValueIsRefusedNamingThePropertyQuotingTheValueAndSayingWhatIsAllowed(String property, String value,
            String allowed) throws IOException {
        Map<String, String> properties = ARCHETYPE.properties();
        properties.put(property, value);
        String expected = property + ": \"" + value + "\" is not allowed. Allowed: " + allowed;
        Path target = Scaffolding.workDirectory("refused-").resolve("project");

        assertThatThrownBy(() -> engine.generate(GenerationRequest.of(ARCHETYPE.id(), properties)).writeTo(target))
                .isInstanceOf(InvalidPropertiesException.class)
                .hasMessageContaining(expected);
        assertThat(target).doesNotExist();

        Scaffolding.Cli cli = Scaffolding.cli(newCommand(ARCHETYPE.id(), target, properties));
        assertThat(cli.status()).as(cli.describe()).isEqualTo(2);
        assertThat(cli.err()).as(cli.describe()).startsWith("scaffolder: Invalid propert").contains(expected);
        assertThat(cli.out()).isEmpty();
        assertThat(target).doesNotExist();
        assertThat(target.getParent().resolve("escape")).doesNotExist();
    }

    @Test
    void everyBadValueIsReportedAtOnce() {
        Map<String, String> properties = GeneratedProject.oddProperties("2fast");
        properties.put("port", "65536");
        properties.put("rustVersion", "stable");
        properties.put("allocator", "tcmalloc");

        assertThatThrownBy(() -> engine.generate(GenerationRequest.of(ARCHETYPE.id(), properties)))
                .isInstanceOf(InvalidPropertiesException.class)
                .satisfies(e -> assertThat(((InvalidPropertiesException) e).problems()).hasSize(4));
    }

    @Test
    void aMissingRequiredValueIsRefused() {
        Map<String, String> properties = new LinkedHashMap<>(Map.of("artifactId", "orders"));

        assertThatThrownBy(() -> engine.generate(GenerationRequest.of(ARCHETYPE.id(), properties)))
                .isInstanceOf(InvalidPropertiesException.class)
                .as("package defaults to groupId: one problem, not two")
                .hasMessage("Invalid property: groupId: no value was given. Allowed: any text that is not blank.");
    }

    @ParameterizedTest(name = "{0}=\"{1}\" is refused as input, not as a broken archetype")
    @CsvSource(delimiter = '|', textBlock = """
            groupId | ${x
            groupId | com.${x
            package | a.${b
            version | 1.0-${v
            """)
    void aValueVelocityCannotEvaluateIsInvalidInputNamingThePropertyGiven(String property, String value)
            throws IOException {
        Map<String, String> properties = ARCHETYPE.properties();
        properties.put(property, value);
        String expected = "Invalid property: " + property + ": \"" + value + "\" is not allowed. Allowed: text"
                + " Velocity can evaluate";
        Path target = Scaffolding.workDirectory("refused-").resolve("project");

        assertThatThrownBy(() -> engine.generate(GenerationRequest.of(ARCHETYPE.id(), properties)))
                .isInstanceOf(InvalidPropertiesException.class)
                .hasMessageStartingWith(expected);
        Scaffolding.Cli cli = Scaffolding.cli(newCommand(ARCHETYPE.id(), target, properties));
        assertThat(cli.status()).as(cli.describe()).isEqualTo(2);
        assertThat(cli.err()).as(cli.describe()).startsWith("scaffolder: " + expected);
        assertThat(target).doesNotExist();
    }

    @Test
    void anUnknownArchetypeIsRefusedByApiAndCli() throws IOException {
        Path target = Scaffolding.workDirectory("refused-").resolve("project");
        String expected = "archetype: \"nope\" is not allowed. Allowed: one of ";

        assertThatThrownBy(() -> engine.generate(GenerationRequest.of("nope", Map.of())))
                .isInstanceOf(InvalidPropertiesException.class).hasMessageContaining(expected + ARCHETYPE.id());
        Scaffolding.Cli cli = Scaffolding.cli(newCommand("nope", target, Map.of("artifactId", "x")));
        assertThat(cli.status()).as(cli.describe()).isEqualTo(2);
        assertThat(cli.err()).contains(expected);
        assertThat(target).doesNotExist();
    }

    @Test
    void aTargetDirectoryThatIsNotEmptyIsRefusedAndLeftAsItWas() throws IOException {
        Path target = Scaffolding.workDirectory("occupied-");
        Files.writeString(target.resolve("notes.txt"), "mine");
        Map<String, String> properties = ARCHETYPE.properties();

        assertThatThrownBy(() -> engine.generate(GenerationRequest.of(ARCHETYPE.id(), properties)).writeTo(target))
                .isInstanceOf(DirectoryNotEmptyException.class);
        Scaffolding.Cli cli = Scaffolding.cli(newCommand(ARCHETYPE.id(), target, properties));
        assertThat(cli.status()).as(cli.describe()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("scaffolder: " + target + " is not empty; give a new or empty directory."
                + " Nothing was written.\n");
        List<String> dryRun = new ArrayList<>(List.of(newCommand(ARCHETYPE.id(), target, properties)));
        dryRun.add("--dry-run");
        Scaffolding.Cli dry = Scaffolding.cli(dryRun.toArray(String[]::new));
        assertThat(dry.status()).as("the dry run refuses it as the real run does: " + dry.describe()).isEqualTo(2);
        assertThat(dry.err()).isEqualTo(cli.err());
        assertThat(dry.out()).isEmpty();

        try (var entries = Files.list(target)) {
            assertThat(entries.toList()).containsExactly(target.resolve("notes.txt"));
        }
        assertThat(target.resolve("notes.txt")).hasContent("mine");
    }

    static String[] newCommand(String archetype, Path target, Map<String, String> properties) {
        List<String> args = new ArrayList<>(List.of("new", archetype, target.toString()));
        properties.forEach((name, value) -> args.addAll(List.of("-p", name + "=" + value)));
        return args.toArray(String[]::new);
    }
}
