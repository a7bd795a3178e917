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
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
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
        return withoutArchetypeOption(all.toArray(String[]::new));
    }

    private static Run withoutArchetypeOption(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ScaffolderCli.run(out, err, args);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run newProject(String... targetArgs) {
        List<String> all = new ArrayList<>(List.of("new", "svc"));
        all.addAll(List.of(targetArgs));
        all.addAll(List.of("-p", "artifactId=orders", "-p", "groupId=g"));
        return scaffolder(all.toArray(String[]::new));
    }

    private static List<Path> tree(Path root) throws IOException {
        try (Stream<Path> entries = Files.walk(root)) {
            return entries.sorted().toList();
        }
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
    void dryRunRefusesWhatTheRealRunRefusesWithTheSameMessageAndStatus() throws IOException {
        Path occupied = Files.createDirectory(work.resolve("occupied"));
        Files.writeString(occupied.resolve("mine.txt"), "mine");
        Path file = Files.writeString(work.resolve("file"), "a file");
        Path zip = Files.writeString(work.resolve("taken.zip"), "a zip");
        List<List<String>> targets = List.of(List.of(occupied.toString()), List.of(file.toString()),
                List.of(file.resolve("under").toString()), List.of("--zip", zip.toString()),
                List.of("--zip", file.resolve("under.zip").toString()));
        List<Path> before = tree(work);

        for (List<String> target : targets) {
            Run real = newProject(target.toArray(String[]::new));
            List<String> dry = new ArrayList<>(target);
            dry.add("--dry-run");
            Run dryRun = newProject(dry.toArray(String[]::new));

            assertThat(real.status()).as("%s: %s", target, real.err()).isEqualTo(2);
            assertThat(dryRun.status()).as("%s --dry-run", target).isEqualTo(2);
            assertThat(dryRun.err()).as("%s --dry-run", target).isEqualTo(real.err());
            assertThat(dryRun.out()).isEmpty();
        }
        assertThat(tree(work)).isEqualTo(before);
        assertThat(file).hasContent("a file");
        assertThat(zip).hasContent("a zip");
    }

    @Test
    void dryRunWithADirectoryAndAZipIsAUsageError() {
        Run run = newProject(work.resolve("orders").toString(), "--zip", work.resolve("orders.zip").toString(), "--dry-run");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("scaffolder: give a project directory or --zip <file>, not both\n"
                + "Try 'scaffolder --help'.\n");
    }

    @Test
    void dryRunWithoutATargetListsTheFiles() {
        Run run = newProject("--dry-run");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).endsWith("3 files, 116 bytes; dry run, nothing written\n");
    }

    @Test
    void aTargetUnderAFileIsInvalidInputNamingTheFile() throws IOException {
        Path file = Files.writeString(work.resolve("file"), "a file");
        List<Path> before = tree(work);

        Run directory = newProject(file.resolve("orders").toString());
        Run zip = newProject("--zip", file.resolve("sub/orders.zip").toString());

        assertThat(directory.status()).isEqualTo(2);
        assertThat(directory.err()).isEqualTo("scaffolder: cannot write " + file.resolve("orders") + ": " + file
                + " is not a directory; give a path under a directory. Nothing was written.\n");
        assertThat(zip.status()).isEqualTo(2);
        assertThat(zip.err()).isEqualTo("scaffolder: cannot write " + file.resolve("sub/orders.zip") + ": " + file
                + " is not a directory; give a path under a directory. Nothing was written.\n");
        assertThat(tree(work)).isEqualTo(before);
        assertThat(file).hasContent("a file");
    }

    @Test
    void aTargetThatIsAFileIsInvalidInput() throws IOException {
        Path file = Files.writeString(work.resolve("file"), "a file");

        Run run = newProject(file.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("scaffolder: " + file + " already exists and is not a directory;"
                + " give a new or empty directory. Nothing was written.\n");
        assertThat(file).hasContent("a file");
    }

    @Test
    void aZipIntoMissingDirectoriesCreatesThemAsANewDirectoryDoes() {
        Path zip = work.resolve("new/parents/orders.zip");

        Run run = newProject("--zip", zip.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Wrote " + zip + ": 3 files\n");
        assertThat(zip).isNotEmptyFile();
        assertThat(zip.getParent()).isDirectoryContaining(path -> path.equals(zip)).satisfies(dir ->
                assertThat(dir.toFile().list()).containsExactly("orders.zip"));
    }

    @Test
    void aDirectoryThatCannotBeWrittenExitsWith1InPlainWordsAndLeavesNothingBehind() throws IOException {
        Path locked = Files.createDirectory(work.resolve("locked"));
        String reason = lock(locked);
        try {
            Run directory = newProject(locked.resolve("orders").toString());
            Run nested = newProject(locked.resolve("a/b/orders").toString());
            Run zip = newProject("--zip", locked.resolve("orders.zip").toString());
            Run nestedZip = newProject("--zip", locked.resolve("a/orders.zip").toString());

            for (Run run : List.of(directory, nested, zip, nestedZip)) {
                assertThat(run.status()).as(run.err()).isEqualTo(1);
                assertThat(run.out()).isEmpty();
                assertThat(run.err()).startsWith("scaffolder: cannot write " + locked + "/")
                        .endsWith(": " + reason + "; give a path you may write to. Nothing was written.\n")
                        .doesNotContain("Exception").doesNotContain(".scaffolder-").doesNotContain(".partial-");
            }
            assertThat(directory.err()).isEqualTo("scaffolder: cannot write " + locked.resolve("orders") + ": "
                    + reason + "; give a path you may write to. Nothing was written.\n");
            assertThat(nestedZip.err()).isEqualTo("scaffolder: cannot write " + locked.resolve("a/orders.zip") + ": "
                    + reason + "; give a path you may write to. Nothing was written.\n");
            assertThat(locked).isEmptyDirectory();
        } finally {
            unlock(locked);
        }
    }

    /**
     * Makes {@code directory} refuse new entries, and proves it does; returns the reason the system gives. chmod does
     * not stop root, so as root the directory is made immutable (chattr +i), which does.
     */
    private static String lock(Path directory) throws IOException {
        boolean root = ((Integer) Files.getAttribute(directory, "unix:uid")) == 0;
        String reason;
        if (root) {
            Assumptions.assumeTrue(run("chattr", "+i", directory.toString()) == 0,
                    "running as root where chattr +i does not work: no way to make a directory unwritable");
            reason = "operation not permitted";
        } else {
            Files.setPosixFilePermissions(directory, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
            reason = "permission denied";
        }
        try {
            Files.createDirectory(directory.resolve("probe"));
            Files.delete(directory.resolve("probe"));
            throw new AssertionError(directory + " is still writable: the test would prove nothing");
        } catch (IOException expected) {
            return reason;
        }
    }

    private static void unlock(Path directory) throws IOException {
        if (((Integer) Files.getAttribute(directory, "unix:uid")) == 0) {
            run("chattr", "-i", directory.toString());
        }
        Files.setPosixFilePermissions(directory, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static int run(String... command) throws IOException {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        } catch (IOException e) {
            return -1; // not installed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
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
        assertThat(run.err()).startsWith("scaffolder: Cannot read archetype jar " + jar + ": ").doesNotContain("Exception");
    }

    @Test
    void archetypeSourcesThatDoNotExistAreInvalidInputNamingThePath() {
        Path missing = work.resolve("nope.jar");

        Run jar = withoutArchetypeOption("--archetypes", missing.toString(), "list");
        Run repository = withoutArchetypeOption("--maven-repo", missing.toString(), "list");

        assertThat(jar.status()).isEqualTo(2);
        assertThat(jar.err()).isEqualTo("scaffolder: --archetypes " + missing + ": no such file or directory;"
                + " give an archetype jar or a directory of them.\n");
        assertThat(repository.status()).isEqualTo(2);
        assertThat(repository.err()).isEqualTo("scaffolder: --maven-repo " + missing + ": no such directory;"
                + " give the local Maven repository's directory (~/.m2/repository by default).\n");
    }
}
