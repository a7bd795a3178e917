package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustkit.scaffolder.GeneratedFile;
import dev.rustkit.scaffolder.GeneratedTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A generated project reduced to what "byte-identical, modes included" compares: every file and directory with its
 * mode (directories end in '/'), and every file's bytes.
 */
record ProjectTree(SortedMap<String, String> modes, SortedMap<String, byte[]> contents) {

    static ProjectTree of(Path root) {
        SortedMap<String, String> modes = new TreeMap<>();
        SortedMap<String, byte[]> contents = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(p -> !p.equals(root)).toList()) {
                String relative = root.relativize(path).toString();
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    modes.put(relative + "/", mode);
                } else {
                    modes.put(relative, mode);
                    contents.put(relative, Files.readAllBytes(path));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ProjectTree(modes, contents);
    }

    /** The in-memory tree, with the modes its zip records (directories 0755). */
    static ProjectTree of(GeneratedTree tree) {
        SortedMap<String, String> modes = new TreeMap<>();
        SortedMap<String, byte[]> contents = new TreeMap<>();
        tree.directories().forEach(directory -> modes.put(directory + "/", "rwxr-xr-x"));
        for (GeneratedFile file : tree.files()) {
            modes.put(file.path(), PosixFilePermissions.toString(permissions(file.mode())));
            contents.put(file.path(), file.content());
        }
        return new ProjectTree(modes, contents);
    }

    /** The same tree with every mode blanked, for extractors that cannot restore modes. */
    ProjectTree withoutModes() {
        SortedMap<String, String> blank = new TreeMap<>();
        modes.keySet().forEach(path -> blank.put(path, ""));
        return new ProjectTree(blank, contents);
    }

    /** Same paths, same modes, same bytes; a differing file is shown as text first, so the diff is readable. */
    void assertSameAs(ProjectTree expected, String description) {
        assertThat(modes).as("%s: paths and modes", description).containsExactlyEntriesOf(expected.modes);
        contents.forEach((path, bytes) -> {
            assertThat(new String(bytes, StandardCharsets.UTF_8)).as("%s: %s", description, path)
                    .isEqualTo(new String(expected.contents.get(path), StandardCharsets.UTF_8));
            assertThat(bytes).as("%s: %s, byte for byte", description, path).isEqualTo(expected.contents.get(path));
        });
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder text = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = mode >> shift & 7;
            text.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
        }
        return PosixFilePermissions.fromString(text.toString());
    }
}
