package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustkit.scaffolder.GeneratedFile;
import dev.rustkit.scaffolder.GeneratedTree;
import dev.rustkit.scaffolder.GenerationRequest;
import dev.rustkit.scaffolder.PropertySpec;
import dev.rustkit.verifier.support.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The runnable jar from a shell: what it prints, what it writes, how it exits. */
class ScaffolderCliIT {
    /** Where the CLI reads archetype paths from when no --archetypes is given. */
    private static final String ARCHETYPES_VARIABLE = "RUSTKIT_ARCHETYPES";

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
    @MethodSource("dev.rustkit.it.Archetype#selected")
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
    @MethodSource("dev.rustkit.it.Archetype#selected")
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
    @MethodSource("dev.rustkit.it.Archetype#selected")
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
    void aDirectoryTheSystemRefusesExits1InPlainWordsAndLeavesNothingBehind() throws IOException {
        Path locked = Scaffolding.workDirectory("locked-");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            // chmod does not stop root; root without CAP_DAC_OVERRIDE is stopped as any owner is.
            List<String> asOwner = ((Integer) Files.getAttribute(locked, "unix:uid")) == 0
                    ? List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search") : List.of();
            List<String> probe = new ArrayList<>(asOwner);
            probe.addAll(List.of("mkdir", locked.resolve("probe").toString()));
            assertThat(Scaffolding.run(probe).status()).as("%s is unwritable for the CLI, or this test proves nothing",
                    locked).isNotZero();

            for (String[] target : List.of(new String[] {locked.resolve("a/orders").toString()},
                    new String[] {"--zip", locked.resolve("orders.zip").toString()})) {
                Path path = Path.of(target[target.length - 1]);
                List<String> argv = new ArrayList<>(asOwner);
                argv.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                        Scaffolding.cliJar().toString(), "--archetypes",
                        Scaffolding.installedJar(Archetype.ACTIX_SCRATCH).toString(), "new", "actix-scratch"));
                argv.addAll(List.of(target));
                argv.addAll(List.of("-p", "groupId=com.example", "-p", "artifactId=orders"));

                Scaffolding.Cli cli = Scaffolding.run(argv);

                assertThat(cli.status()).as(cli.describe()).isEqualTo(1);
                assertThat(cli.err()).as(cli.describe()).isEqualTo("scaffolder: cannot write " + path
                        + ": permission denied; give a path you may write to. Nothing was written.\n");
                assertThat(cli.out()).isEmpty();
                assertThat(locked).isEmptyDirectory();
            }
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aZipIntoDirectoriesThatDoNotExistYetCreatesThem() throws IOException {
        Path zip = Scaffolding.workDirectory("zip-parents-").resolve("new/parents/orders.zip");

        Scaffolding.Cli cli = Scaffolding.cli("new", "actix-scratch", "--zip", zip.toString(),
                "-p", "groupId=com.example", "-p", "artifactId=orders");

        assertThat(cli.status()).as(cli.describe()).isZero();
        assertThat(cli.out()).isEqualTo("Wrote " + zip + ": 23 files\n");
        Command.of("unzip", "-tq", zip.toString()).runOrFail();
        try (var entries = Files.list(zip.getParent())) {
            assertThat(entries.toList()).as("no partial file left").containsExactly(zip);
        }
    }

    @Test
    void aTargetUnderAFileIsRefusedWithExit2NamingTheFileByRealRunAndDryRunAlike() throws IOException {
        Path work = Scaffolding.workDirectory("under-file-");
        Path file = Files.writeString(work.resolve("file"), "mine");
        String expected = "scaffolder: cannot write " + file.resolve("orders") + ": " + file
                + " is not a directory; give a path under a directory. Nothing was written.\n";

        for (String[] extra : List.of(new String[0], new String[] {"--dry-run"})) {
            List<String> args = new ArrayList<>(List.of("new", "actix-scratch", file.resolve("orders").toString(),
                    "-p", "groupId=com.example", "-p", "artifactId=orders"));
            args.addAll(List.of(extra));

            Scaffolding.Cli cli = Scaffolding.cli(args.toArray(String[]::new));

            assertThat(cli.status()).as(cli.describe()).isEqualTo(2);
            assertThat(cli.err()).isEqualTo(expected);
            assertThat(cli.out()).isEmpty();
        }
        assertThat(file).hasContent("mine");
        try (var entries = Files.list(work)) {
            assertThat(entries.toList()).containsExactly(file);
        }
    }

    @Test
    void archetypeSourcesThatDoNotExistAreInvalidInputNamingThePath() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String missing = Scaffolding.workDirectory("missing-").resolve("nope.jar").toString();

        Scaffolding.Cli option = Scaffolding.run(List.of(java, "-jar", Scaffolding.cliJar().toString(),
                "--archetypes", missing, "list"));
        Scaffolding.Cli variable = Scaffolding.run(List.of("env", ARCHETYPES_VARIABLE + "=" + missing,
                java, "-jar", Scaffolding.cliJar().toString(), "list"));

        assertThat(option.status()).as(option.describe()).isEqualTo(2);
        assertThat(option.err()).isEqualTo("scaffolder: --archetypes " + missing
                + ": no such file or directory; give an archetype jar or a directory of them.\n");
        assertThat(variable.status()).as(variable.describe()).isEqualTo(2);
        assertThat(variable.err()).isEqualTo("scaffolder: " + ARCHETYPES_VARIABLE + " names " + missing
                + ", which does not exist; give an archetype jar or a directory of them.\n");
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
