package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustkit.scaffolder.GeneratedFile;
import dev.rustkit.scaffolder.GeneratedTree;
import dev.rustkit.scaffolder.GenerationRequest;
import dev.rustkit.scaffolder.Scaffolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** scaffolder-core/README.md's Java example is this test's code, and it runs against the real archetype. */
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
