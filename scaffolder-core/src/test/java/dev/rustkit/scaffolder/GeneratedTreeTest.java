package dev.rustkit.scaffolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeneratedTreeTest {
    private static final GeneratedTree TREE = new GeneratedTree("svc", Map.of("artifactId", "svc"),
            List.of(file("README.md", 0644, "hello\n"), file("bin/run", 0755, "#!/bin/sh\n"), file("src/main.rs", 0644, "fn main() {}\n")),
            List.of("bin", "empty", "src"));

    @TempDir
    Path work;

    private static GeneratedFile file(String path, int mode, String text) {
        return new GeneratedFile(path, mode, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesTheProjectCreatingTheTargetAndItsMissingParents() throws IOException {
        Path target = work.resolve("a/b/svc");

        TREE.writeTo(target);

        assertThat(tree(target)).containsExactly(
                Map.entry("README.md", "rw-r--r--"), Map.entry("bin", "rwxr-xr-x"), Map.entry("bin/run", "rwxr-xr-x"),
                Map.entry("empty", "rwxr-xr-x"), Map.entry("src", "rwxr-xr-x"), Map.entry("src/main.rs", "rw-r--r--"));
        assertThat(target.resolve("src/main.rs")).hasContent("fn main() {}");
        assertThat(work.resolve("a/b")).isDirectory();
        try (Stream<Path> siblings = Files.list(work.resolve("a/b"))) {
            assertThat(siblings.toList()).as("no staging directory left").containsExactly(target);
        }
    }

    @Test
    void fillsAnExistingEmptyDirectory() throws IOException {
        Path target = Files.createDirectory(work.resolve("svc"));

        TREE.writeTo(target);

        assertThat(target.resolve("README.md")).hasContent("hello");
    }

    @Test
    void refusesADirectoryThatIsNotEmptyAndLeavesItAlone() throws IOException {
        Path target = Files.createDirectory(work.resolve("svc"));
        Files.writeString(target.resolve("mine.txt"), "mine");

        assertThatThrownBy(() -> TREE.writeTo(target)).isInstanceOf(DirectoryNotEmptyException.class);

        assertThat(tree(target)).containsOnlyKeys("mine.txt");
    }

    @Test
    void refusesAFile() throws IOException {
        Path target = Files.writeString(work.resolve("svc"), "a file");

        assertThatThrownBy(() -> TREE.writeTo(target)).isInstanceOf(FileAlreadyExistsException.class);

        assertThat(target).hasContent("a file");
    }

    @Test
    void aFailedWriteLeavesNothingBehindNotEvenTheParentsItCreated() {
        // "x" is a file, so "x/y" cannot be written: the write fails half-way.
        GeneratedTree broken = new GeneratedTree("svc", Map.of(), List.of(file("a.txt", 0644, "a"), file("x", 0644, "x"),
                file("x/y", 0644, "y")), List.of());

        Path target = work.resolve("new/parents/svc");

        assertThatThrownBy(() -> broken.writeTo(target))
                .isInstanceOf(FileAlreadyExistsException.class)
                .as("names the path in the target, never the hidden directory it was assembled in")
                .hasMessage(target.resolve("x").toString());

        assertThat(work).isEmptyDirectory();
    }

    @Test
    void refusesATargetUnderAFileNamingTheFile() throws IOException {
        Path file = Files.writeString(work.resolve("file"), "a file");

        assertThatThrownBy(() -> TREE.writeTo(file.resolve("a/svc")))
                .isInstanceOf(NotDirectoryException.class).hasMessage(file.toString());

        assertThat(file).hasContent("a file");
        try (Stream<Path> entries = Files.list(work)) {
            assertThat(entries.toList()).containsExactly(file);
        }
    }

    @Test
    void aFailedWriteIntoAnEmptyDirectoryEmptiesItAgain() throws IOException {
        Path target = Files.createDirectory(work.resolve("svc"));
        GeneratedTree broken = new GeneratedTree("svc", Map.of(), List.of(file("a.txt", 0644, "a"), file("x", 0644, "x"),
                file("x/y", 0644, "y")), List.of());

        assertThatThrownBy(() -> broken.writeTo(target)).isInstanceOf(IOException.class);

        assertThat(target).isEmptyDirectory();
    }

    @Test
    void theZipHoldsTheTreeWithUnixModesAndNoLeadingDirectory() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();

        TREE.writeZip(zip);

        assertThat(unixModes(zip.toByteArray())).containsExactly(
                Map.entry("bin/", 040755), Map.entry("empty/", 040755), Map.entry("src/", 040755),
                Map.entry("README.md", 0100644), Map.entry("bin/run", 0100755), Map.entry("src/main.rs", 0100644));
        Map<String, String> contents = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.toByteArray()))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                contents.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(contents).containsEntry("README.md", "hello\n").containsEntry("bin/run", "#!/bin/sh\n")
                .containsEntry("src/main.rs", "fn main() {}\n").hasSize(6);
    }

    @Test
    void theZipIsReproducibleEveryEntryCarryingTheZipEpoch() throws IOException {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        TREE.writeZip(first);
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        TREE.writeZip(second);

        assertThat(second.toByteArray()).isEqualTo(first.toByteArray());
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(first.toByteArray()))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                assertThat(entry.getTimeLocal()).as(entry.getName()).isEqualTo("1980-01-01T00:00:00");
            }
        }
    }

    @Test
    void aTopDirectoryHoldsEveryEntryAndIsAnEntryWithItsParents() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();

        TREE.writeZip(zip, "services/svc");

        assertThat(unixModes(zip.toByteArray())).containsExactly(
                Map.entry("services/", 040755), Map.entry("services/svc/", 040755),
                Map.entry("services/svc/bin/", 040755), Map.entry("services/svc/empty/", 040755),
                Map.entry("services/svc/src/", 040755), Map.entry("services/svc/README.md", 0100644),
                Map.entry("services/svc/bin/run", 0100755), Map.entry("services/svc/src/main.rs", 0100644));
    }

    @Test
    void anEmptyTopDirectoryGivesTheBytesOfThePlainZip() throws IOException {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ByteArrayOutputStream empty = new ByteArrayOutputStream();

        TREE.writeZip(plain);
        TREE.writeZip(empty, "");

        assertThat(empty.toByteArray()).isEqualTo(plain.toByteArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/svc", "../svc", "a/../../svc", "svc/", "a//b", "a\\b", "a\u0000b", "a\nb", "."})
    void refusesATopDirectoryAnExtractorCouldBeTrickedWithWritingNothing(String topDirectory) {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();

        assertThatThrownBy(() -> TREE.writeZip(zip, topDirectory)).isInstanceOf(IllegalArgumentException.class);

        assertThat(zip.size()).isZero();
    }

    /** Relative path to permissions, for every file and directory below {@code root}. */
    static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(p -> !p.equals(root)).toList()) {
                tree.put(root.relativize(path).toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            }
        }
        return tree;
    }

    /** Entry name to the unix mode in its central directory record (the upper half of the external attributes). */
    static Map<String, Integer> unixModes(byte[] zip) {
        ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int end = zip.length - 22;
        assertThat(buffer.getInt(end)).as("end of central directory").isEqualTo(0x06054b50);
        int entries = Short.toUnsignedInt(buffer.getShort(end + 10));
        int at = buffer.getInt(end + 16);
        Map<String, Integer> modes = new LinkedHashMap<>();
        for (int i = 0; i < entries; i++) {
            assertThat(buffer.getInt(at)).isEqualTo(0x02014b50);
            assertThat(Short.toUnsignedInt(buffer.getShort(at + 4)) >> 8).as("made by Unix").isEqualTo(3);
            int nameLength = Short.toUnsignedInt(buffer.getShort(at + 28));
            int extra = Short.toUnsignedInt(buffer.getShort(at + 30));
            int comment = Short.toUnsignedInt(buffer.getShort(at + 32));
            int mode = buffer.getInt(at + 38) >>> 16;
            modes.put(new String(zip, at + 46, nameLength, StandardCharsets.UTF_8), mode);
            at += 46 + nameLength + extra + comment;
        }
        return modes;
    }
}
