package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustkit.scaffolder.GeneratedFile;
import dev.rustkit.scaffolder.GeneratedTree;
import dev.rustkit.scaffolder.GenerationRequest;
import dev.rustkit.scaffolder.Scaffolder;
import dev.rustkit.verifier.support.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * scaffolder-core/README.md's examples run: the Java example is this test's code, run against the real archetype,
 * and the shell example's commands print what the README shows.
 */
class ScaffolderReadmeIT {
    private static final Path README = TestSettings.repoRoot().resolve("scaffolder-core/README.md");
    private static final Path SOURCE = TestSettings.repoRoot().resolve("it/src/test/java/dev/rustkit/it/ScaffolderReadmeIT.java");

    @Test
    void theReadmeExampleRunsAsWritten() throws IOException {
        Path jars = Scaffolding.installedJar(Archetype.ACTIX_SCRATCH).getParent();
        Path target = Scaffolding.workDirectory("readme-").resolve("orders");

        // README:begin
        Scaffolder scaffolder = Scaffolder.fromJars(List.of(jars)); // once: immutable, thread-safe
        String parameters = scaffolder.archetype("actix-scratch").orElseThrow().toJsonSchema();

        GeneratedTree project = scaffolder.generate(GenerationRequest.of("actix-scratch")
                .with("groupId", "com.example")
                .with("artifactId", "orders")
                .with("port", "8081"));
        for (GeneratedFile file : project.files()) { // the dry run: nothing is written yet
            System.out.printf("%6d %s%n", file.size(), file.path());
        }
        project.writeTo(target); // or project.writeZip(out)
        // README:end

        assertThat(parameters).contains("\"port\"");
        assertThat(target.resolve("Cargo.toml")).content().contains("name = \"orders\"");
        assertThat(target.resolve("src/config.rs")).content().contains("DEFAULT_PORT: u16 = 8081;");
    }

    /**
     * Runs every {@code $ scripts/scaffolder ...} line of the README's console example, in order, in a new directory,
     * and compares what it prints (stdout and stderr) with what the README shows under it; {@code $ echo $?} shows the
     * exit status before it. {@code -Drustkit.snapshots.update=true} rewrites the example from what runs now.
     */
    @Test
    void theReadmeCommandsPrintWhatTheReadmeShows() throws IOException {
        String readme = Files.readString(README);
        Matcher block = Pattern.compile("(?s)```console\n(.*?)```").matcher(readme);
        assertThat(block.find()).as("a ```console block in %s", README).isTrue();
        List<String[]> steps = new ArrayList<>();
        for (String part : block.group(1).split("(?m)^(?=\\$ )")) {
            int newline = part.indexOf('\n');
            steps.add(new String[] {part.substring(2, newline), part.substring(newline + 1).stripTrailing()});
        }
        Path directory = Scaffolding.workDirectory("readme-console-");
        StringBuilder actual = new StringBuilder();
        int status = 0;
        for (String[] step : steps) {
            String command = step[0];
            String output;
            if (command.equals("echo $?")) {
                output = String.valueOf(status);
            } else {
                Command.Result result = Command.of("bash", "-c", command.replace("scripts/scaffolder",
                                TestSettings.repoRoot().resolve("scripts/scaffolder").toString()))
                        .in(directory)
                        .env("JAVA_OPTS", "-Dmaven.repo.local=" + TestSettings.localRepository())
                        .run();
                status = result.exitCode();
                output = result.output().stripTrailing();
            }
            if (actual.length() > 0) {
                actual.append(command.equals("echo $?") ? "" : "\n");
            }
            actual.append("$ ").append(command).append('\n').append(output).append(output.isEmpty() ? "" : "\n");
        }
        String shown = block.group(1);
        if (TestSettings.updateSnapshots()) {
            Files.writeString(README, readme.substring(0, block.start(1)) + actual + readme.substring(block.end(1)));
            shown = actual.toString();
        }
        assertThat(shown).as("%s's console example vs what it prints now (refresh with"
                + " -Drustkit.snapshots.update=true)", README).isEqualTo(actual.toString());
    }

    @Test
    void theReadmeShowsExactlyThatCode() throws IOException {
        Matcher block = Pattern.compile("(?s)```java\n(.*?)```").matcher(Files.readString(README));
        assertThat(block.find()).as("a ```java block in %s", README).isTrue();
        Matcher marked = Pattern.compile("(?s)// README:begin\n(.*?)\\s*// README:end").matcher(Files.readString(SOURCE));
        assertThat(marked.find()).isTrue();
        String code = marked.group(1).lines().map(line -> line.length() >= 8 ? line.substring(8) : line.strip())
                .reduce("", (all, line) -> all + line + "\n");
        assertThat(block.group(1)).isEqualTo(code);
    }
}
