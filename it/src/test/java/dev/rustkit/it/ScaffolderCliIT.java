package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustkit.scaffolder.GeneratedFile;
import dev.rustkit.scaffolder.GeneratedTree;
import dev.rustkit.scaffolder.GenerationRequest;
import dev.rustkit.scaffolder.PropertySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The runnable jar from a shell: what it prints, what it writes, how it exits. */
class ScaffolderCliIT {

    @Test
    void listShowsEveryArchetype() {
        Scaffolding.Cli cli = Scaffolding.cli("list");

        assertThat(cli.status()).as(cli.describe()).isZero();
        assertThat(cli.out().lines().map(line -> line.split(" ")[0]))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(Archetype.values()).map(Archetype::id).toList());
    }

    @Test
    void withoutArchetypeOptionsItReadsTheLocalMavenRepository() {
        Scaffolding.Cli cli = Scaffolding.run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Scaffolding.cliJar().toString(), "--maven-repo", TestSettings.localRepository(), "list"));

        assertThat(cli.status()).as(cli.describe()).isZero();
        for (Archetype archetype : Archetype.values()) {
            assertThat(cli.out()).contains(archetype.id());
        }
    }

    @ParameterizedTest
    @EnumSource(Archetype.class)
    @SuppressWarnings("unchecked")
    void describeJsonIsAJsonSchemaOfEveryProperty(Archetype archetype) {
        Scaffolding.Cli cli = Scaffolding.cli("describe", archetype.id(), "--json");

        assertThat(cli.status()).as(cli.describe()).isZero();
        Map<String, Object> schema = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(cli.out());
        assertThat(schema).containsEntry("type", "object").containsEntry("title", archetype.id());
        assertThat(((Map<String, Object>) schema.get("properties")).keySet()).containsExactlyElementsOf(
                Scaffolding.engine().archetype(archetype.id()).orElseThrow().properties().stream()
                        .map(PropertySpec::name).toList());
        assertThat((List<String>) schema.get("required")).contains("artifactId");
    }

    @ParameterizedTest
    @EnumSource(Archetype.class)
    void newWritesWhatTheApiGenerates(Archetype archetype) throws IOException {
        Map<String, String> properties = archetype.properties();
        Path work = Scaffolding.workDirectory("cli-");
        GeneratedTree api = Scaffolding.engine().generate(GenerationRequest.of(archetype.id(), properties));
        api.writeTo(work.resolve("api"));

        Scaffolding.Cli cli = Scaffolding.cli(ScaffolderInputIT.newCommand(archetype.id(), work.resolve("cli"), properties));

        assertThat(cli.status()).as(cli.describe()).isZero();
        assertThat(cli.err()).isEmpty();
        ProjectTree.of(work.resolve("cli")).assertSameAs(ProjectTree.of(work.resolve("api")), "CLI vs API");
    }

    @ParameterizedTest
    @EnumSource(Archetype.class)
    void zipHoldsWhatNewWrites(Archetype archetype) throws IOException {
        Map<String, String> properties = archetype.properties();
        Path work = Scaffolding.workDirectory("cli-zip-");
        Scaffolding.cli(ScaffolderInputIT.newCommand(archetype.id(), work.resolve("dir"), properties));
        List<String> zipArgs = new ArrayList<>(List.of(ScaffolderInputIT.newCommand(archetype.id(), work.resolve("x"), properties)));
        zipArgs.remove(2);
        zipArgs.addAll(List.of("--zip", work.resolve("project.zip").toString()));

        Scaffolding.Cli cli = Scaffolding.cli(zipArgs.toArray(String[]::new));

        assertThat(cli.status()).as(cli.describe()).isZero();
        Command.of("unzip", "-q", work.resolve("project.zip").toString(), "-d", work.resolve("unzip").toString()).runOrFail();
        ProjectTree.of(work.resolve("unzip")).assertSameAs(ProjectTree.of(work.resolve("dir")), "CLI zip vs CLI directory");
    }

    @Test
    void dryRunListsEveryFileWithItsSizeAndWritesNothing() throws IOException {
        Archetype archetype = Archetype.ACTIX_SCRATCH;
        Map<String, String> properties = archetype.properties();
        Path target = Scaffolding.workDirectory("dry-").resolve("project");
        GeneratedTree api = Scaffolding.engine().generate(GenerationRequest.of(archetype.id(), properties));
        List<String> args = new ArrayList<>(List.of(ScaffolderInputIT.newCommand(archetype.id(), target, properties)));
        args.add("--dry-run");

        Scaffolding.Cli cli = Scaffolding.cli(args.toArray(String[]::new));

        assertThat(cli.status()).as(cli.describe()).isZero();
        List<String> expected = new ArrayList<>();
        for (GeneratedFile file : api.files()) {
            expected.add(String.format("%8d  %o  %s", file.size(), file.mode(), file.path()));
        }
        expected.add(api.files().size() + " files, " + api.files().stream().mapToLong(GeneratedFile::size).sum()
                + " bytes; dry run, nothing written");
        assertThat(cli.out().lines()).containsExactlyElementsOf(expected);
        assertThat(target).doesNotExist();
    }
}
