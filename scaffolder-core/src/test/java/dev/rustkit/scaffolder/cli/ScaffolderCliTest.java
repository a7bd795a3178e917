package dev.rustkit.scaffolder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustkit.scaffolder.TestArchetype;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaffolderCliTest {
    @TempDir
    Path work;

    private Path jar;

    record Run(int status, String out, String err) {}

    @BeforeEach
    void archetype() throws IOException {
        jar = TestArchetype.rustkit("svc-archetype").writeTo(Files.createDirectory(work.resolve("jars")));
    }

    private Run scaffolder(String... args) {
        List<String> all = new ArrayList<>(List.of("--archetypes", jar.toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ScaffolderCli.run(out, err, all.toArray(String[]::new));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void listShowsEachArchetypeWithItsDescription() {
        Run run = scaffolder("list");

        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo("svc  A test service.\n");
    }

    @Test
    void describeShowsThePropertiesAndJsonGivesTheSchema() {
        assertThat(scaffolder("describe", "svc").out())
                .contains("artifactId *").contains("Default: 8080").contains("Allowed: one of mimalloc, jemalloc, system.");
        assertThat(scaffolder("describe", "svc", "--json").out()).startsWith("{\n  \"title\": \"svc\"");
        assertThat(scaffolder("describe", "svc", "--metadata").out()).startsWith("{\n  \"id\": \"svc\"");
        assertThat(scaffolder("list", "--json").out()).startsWith("{\n  \"archetypes\": [");
    }

    @Test
    void newWritesTheProject() {
        Path target = work.resolve("orders");

        Run run = scaffolder("new", "svc", target.toString(), "-p", "artifactId=orders", "-p", "groupId=com.example");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Generated orders (svc) in " + target + ": 3 files\n");
        assertThat(target.resolve("Cargo.toml")).content().contains("name = \"orders\"");
    }

    @Test
    void badValuesExitWith2ListEveryProblemOnStderrAndWriteNothing() {
        Path target = work.resolve("orders");

        Run run = scaffolder("new", "svc", target.toString(), "-p", "artifactId=2fast", "-p", "port=abc",
                "-p", "groupId=g", "-p", "colour=red");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("scaffolder: Invalid properties:\n")
                .contains("  - artifactId: \"2fast\" is not allowed. Allowed: a crate name")
                .contains("  - port: \"abc\" is not allowed. Allowed: a whole number from 1 to 65535, without leading zeros.")
                .contains("  - colour: \"red\" is not allowed. Allowed: only the properties svc defines");
        assertThat(target).doesNotExist();
    }

    @Test
    void aValueVelocityCannotEvaluateIsInvalidInputNamingThePropertyGiven() {
        Path target = work.resolve("orders");

        Run run = scaffolder("new", "svc", target.toString(), "-p", "artifactId=orders", "-p", "groupId=${x",
                "-p", "colour=red");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("""
                scaffolder: Invalid properties:
                  - groupId: "${x" is not allowed. Allowed: text Velocity can evaluate, since mvn archetype:generate\
                 evaluates every value holding '${': each '${' must begin a complete reference such as ${artifactId}.
                  - colour: "red" is not allowed. Allowed: only the properties svc defines: artifactId, port, allocator,\
                 groupId, version, package.
                """);
        assertThat(target).doesNotExist();
    }

    @Test
    void aMissingGroupIdIsTheOneProblemNotAlsoThePackage() {
        Run run = scaffolder("new", "svc", work.resolve("orders").toString(), "-p", "artifactId=orders");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(
                "scaffolder: Invalid property: groupId: no value was given. Allowed: any text that is not blank.\n");
    }

    @Test
    void anUnknownArchetypeExitsWith2() {
        Run describe = scaffolder("describe", "nope");
        Run create = scaffolder("new", "nope", work.resolve("x").toString());

        assertThat(describe.status()).isEqualTo(2);
        assertThat(describe.err()).isEqualTo("scaffolder: Invalid property: archetype: \"nope\" is not allowed."
                + " Allowed: one of svc.\n");
        assertThat(create.status()).isEqualTo(2);
        assertThat(create.err()).isEqualTo(describe.err());
    }

    @Test
    void aTargetThatIsNotEmptyExitsWith2AndIsLeftAlone() throws IOException {
        Path target = Files.createDirectory(work.resolve("orders"));
        Files.writeString(target.resolve("mine.txt"), "mine");

        Run run = scaffolder("new", "svc", target.toString(), "-p", "artifactId=orders", "-p", "groupId=g");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("scaffolder: " + target + " is not empty; give a new or empty directory."
                + " Nothing was written.\n");
        try (var entries = Files.list(target)) {
            assertThat(entries.toList()).containsExactly(target.resolve("mine.txt"));
        }
    }

    @Test
    void dryRunListsFilesWithSizesAndWritesNothing() {
        Path target = work.resolve("orders");

        Run run = scaffolder("new", "svc", target.toString(), "-p", "artifactId=orders", "-p", "groupId=g", "--dry-run");

        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo("""
                      26  644  .gitignore
                      49  644  Cargo.toml
                      41  644  src/main.rs
                3 files, 116 bytes; dry run, nothing written
                """);
        assertThat(target).doesNotExist();
    }

    @Test
    void zipWritesAZipAndRefusesToOverwriteOne() {
        Path zip = work.resolve("orders.zip");

        Run first = scaffolder("new", "svc", "--zip", zip.toString(), "-p", "artifactId=orders", "-p", "groupId=g");
        Run second = scaffolder("new", "svc", "--zip", zip.toString(), "-p", "artifactId=orders", "-p", "groupId=g");

        assertThat(first.status()).as(first.err()).isZero();
        assertThat(zip).isNotEmptyFile();
        assertThat(second.status()).isEqualTo(2);
        assertThat(second.err()).contains(zip + " already exists");
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(scaffolder("new", "svc").status()).isEqualTo(2);
        assertThat(scaffolder("new", "svc", "dir", "--zip", "x.zip").status()).isEqualTo(2);
        assertThat(scaffolder("frobnicate").status()).isEqualTo(2);
        assertThat(scaffolder("new", "svc", "dir", "-p", "novalue").status()).isEqualTo(2);
    }

    @Test
    void aBrokenArchetypeExitsWith1() throws IOException {
        Files.writeString(jar, "not a zip");

        Run run = scaffolder("list");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).startsWith("scaffolder: ");
    }
}
