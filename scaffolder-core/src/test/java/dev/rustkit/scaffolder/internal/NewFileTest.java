package dev.rustkit.scaffolder.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewFileTest {
    @TempDir
    Path work;

    @Test
    void writesTheFileCreatingMissingParentsAndLeavingNoTemporaryFile() throws IOException {
        Path target = work.resolve("a/b/project.zip");

        NewFile.write(target, out -> out.write("zip".getBytes(StandardCharsets.UTF_8)));

        assertThat(target).hasContent("zip");
        assertThat(entries(target.getParent())).containsExactly(target);
    }

    @Test
    void refusesAnExistingFileAndAPathUnderAFileWritingNothing() throws IOException {
        Path file = Files.writeString(work.resolve("file"), "mine");

        assertThatThrownBy(() -> NewFile.write(file, out -> out.write(1))).isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> NewFile.check(file)).isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> NewFile.write(file.resolve("x/p.zip"), out -> out.write(1)))
                .isInstanceOf(NotDirectoryException.class).hasMessage(file.toString());
        assertThatThrownBy(() -> NewFile.check(file.resolve("p.zip"))).isInstanceOf(NotDirectoryException.class);

        assertThat(file).hasContent("mine");
        assertThat(entries(work)).containsExactly(file);
    }

    @Test
    void aFailureLeavesNeitherTheFileNorTheParentsItCreated() {
        Path target = work.resolve("new/parents/project.zip");

        assertThatThrownBy(() -> NewFile.write(target, out -> {
            out.write(1);
            throw new IOException("disk on fire");
        })).isInstanceOf(IOException.class).hasMessage("disk on fire");

        assertThat(work).isEmptyDirectory();
    }

    @Test
    void aFailureNamesTheTargetNotTheTemporaryFile() throws IOException {
        Path target = work.resolve("project.zip");

        // A directory appears where the file goes while it is written: the rename into place fails.
        assertThatThrownBy(() -> NewFile.write(target, out -> Files.createDirectories(target.resolve("x"))))
                .isInstanceOf(FileSystemException.class)
                .satisfies(e -> assertThat(((FileSystemException) e).getFile()).isEqualTo(target.toString()))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(".partial-"));

        assertThat(entries(work)).containsExactly(target);
        assertThat(entries(target)).containsExactly(target.resolve("x"));
    }

    private static java.util.List<Path> entries(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.toList();
        }
    }
}
