package dev.rustkit.scaffolder.archetype;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executables list: what the post-generate step and scaffolder-core both read. */
class PostGenerateExecutablesTest {
    @TempDir
    Path project;

    @Test
    void theListIsOnePathALineWithCommentsAndBlankLinesSkipped() {
        assertThat(PostGenerate.parseExecutables("# scripts\nbin/run\n\n  scripts/check.sh  # CI\n"))
                .containsExactly("bin/run", "scripts/check.sh");
    }

    @Test
    void markingAFileExecutableAddsAnExecuteBitWhereverThereIsAReadBit() throws IOException {
        Path script = Files.writeString(Files.createDirectories(project.resolve("bin")).resolve("run"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r-----"));

        PostGenerate.markExecutable(project, List.of("bin/run"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script))).isEqualTo("rwxr-x---");
    }
}
