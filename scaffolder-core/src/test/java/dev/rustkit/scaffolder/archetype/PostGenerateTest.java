package dev.rustkit.scaffolder.archetype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostGenerateTest {
    private static final List<String> GENERATED = List.of("pom.xml", "Cargo.toml", "src/main.rs", "tests/http.rs");

    @TempDir
    Path output;

    @Test
    void validValuesKeepTheProjectAndDropThePomMavenInsistsOn() throws IOException {
        Path project = write("svc", GENERATED);

        PostGenerate.run(output, Map.of("artifactId", "svc", "port", "8080"), GENERATED);

        assertThat(project.resolve("pom.xml")).doesNotExist();
        assertThat(project.resolve("Cargo.toml")).exists();
        assertThat(project.resolve("src/main.rs")).exists();
    }

    @Test
    void scriptsBecomeExecutableAndEverythingElseKeepsItsMode() throws IOException {
        Path project = write("svc", GENERATED);
        Files.writeString(project.resolve("src/main.rs"), "#![forbid(unsafe_code)]\nfn main() {}\n");
        Files.createDirectories(project.resolve("docker"));
        Files.writeString(project.resolve("docker/rust-target"), "#!/bin/sh\necho x86_64-unknown-linux-musl\n");

        PostGenerate.run(output, Map.of("artifactId", "svc"), GENERATED);

        assertThat(Files.getPosixFilePermissions(project.resolve("docker/rust-target")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Files.getPosixFilePermissions(project.resolve("Cargo.toml")))
                .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Files.isExecutable(project.resolve("src/main.rs"))).as("#![ is a Rust attribute").isFalse();
    }

    @Test
    void invalidValuesRemoveEverythingThatWasWritten() throws IOException {
        write("svc", GENERATED);

        assertThatThrownBy(() -> PostGenerate.run(output, Map.of("artifactId", "svc", "port", "0"), GENERATED))
                .isInstanceOf(InvalidPropertiesException.class)
                .hasMessageContaining("port: \"0\"");

        assertThat(output).isEmptyDirectory();
    }

    @Test
    void theUndoLeavesFilesThatWereThereBefore() throws IOException {
        Path project = write("svc", GENERATED);
        Files.writeString(project.resolve("src/notes.txt"), "mine");

        assertThatThrownBy(() -> PostGenerate.run(output, Map.of("artifactId", "svc", "port", "x"), GENERATED))
                .isInstanceOf(InvalidPropertiesException.class);

        assertThat(project.resolve("src/notes.txt")).hasContent("mine");
        assertThat(project.resolve("src/main.rs")).doesNotExist();
        assertThat(project.resolve("tests")).doesNotExist();
    }

    @Test
    void aNameThatClimbsOutOfTheOutputDirectoryOnlyLosesWhatWasGenerated() throws IOException {
        Path output = Files.createDirectories(this.output.resolve("work"));
        Files.writeString(this.output.resolve("keep.txt"), "mine");
        for (String file : GENERATED) {
            Path target = output.resolve("..").resolve(file).normalize();
            Files.createDirectories(target.getParent());
            Files.writeString(target, "generated");
        }

        assertThatThrownBy(() -> PostGenerate.run(output, Map.of("artifactId", ".."), GENERATED))
                .isInstanceOf(InvalidPropertiesException.class)
                .hasMessageContaining("artifactId: \"..\"");

        assertThat(this.output.resolve("keep.txt")).hasContent("mine");
        assertThat(output).isEmptyDirectory();
        assertThat(this.output.resolve("Cargo.toml")).doesNotExist();
        assertThat(this.output.resolve("src")).doesNotExist();
    }

    @Test
    void nestedProjectDirectoriesAreRemovedUpToTheOutputDirectory() throws IOException {
        write("a/b", GENERATED);

        assertThatThrownBy(() -> PostGenerate.run(output, Map.of("artifactId", "a/b"), GENERATED))
                .isInstanceOf(InvalidPropertiesException.class);

        assertThat(output).isEmptyDirectory();
    }

    private Path write(String artifactId, List<String> files) throws IOException {
        Path project = output.resolve(artifactId);
        for (String file : files) {
            Path target = project.resolve(file);
            Files.createDirectories(target.getParent());
            Files.writeString(target, "generated");
        }
        return project;
    }
}
