package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each archetype's output, byte for byte, against expected files under src/test/resources/snapshots (suffixed
 * {@code .gen} so no tool takes them for sources). A template change shows up here as a reviewable diff; after
 * checking it, refresh them with {@code ./mvnw install -Drustkit.snapshots.update=true}.
 */
class SnapshotIT {

    @ParameterizedTest
    @MethodSource("dev.rustkit.it.Archetype#selected")
    void generatedFilesMatchTheirSnapshotsByteForByte(Archetype archetype) throws IOException {
        GeneratedProject project = GeneratedProject.generate(archetype, archetype.properties());
        Path snapshots = TestSettings.repoRoot().resolve("it/src/test/resources/snapshots").resolve(archetype.id());
        Map<String, byte[]> generated = tree(project.directory(), "");
        if (TestSettings.updateSnapshots()) {
            write(snapshots, generated);
        }
        Map<String, byte[]> expected = tree(snapshots, ".gen");
        assertThat(generated.keySet()).as("generated file names vs snapshots in %s", snapshots)
                .containsExactlyElementsOf(expected.keySet());
        generated.forEach((path, bytes) -> assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
                .as("%s differs from its snapshot (refresh with -Drustkit.snapshots.update=true)", path)
                .isEqualTo(new String(expected.get(path), java.nio.charset.StandardCharsets.UTF_8)));
        generated.forEach((path, bytes) -> assertThat(bytes).as("%s bytes", path).isEqualTo(expected.get(path)));
    }

    private static Map<String, byte[]> tree(Path root, String suffix) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                String relative = root.relativize(path).toString();
                files.put(relative.substring(0, relative.length() - suffix.length()), Files.readAllBytes(path));
            }
        }
        return files;
    }

    private static void write(Path snapshots, Map<String, byte[]> generated) throws IOException {
        if (Files.isDirectory(snapshots)) {
            try (Stream<Path> paths = Files.walk(snapshots)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        for (Map.Entry<String, byte[]> file : generated.entrySet()) {
            Path target = snapshots.resolve(file.getKey() + ".gen");
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
    }
}
