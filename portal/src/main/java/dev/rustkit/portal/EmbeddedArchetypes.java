package dev.rustkit.portal;

import dev.rustkit.scaffolder.Scaffolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The archetype jars built into the portal's jar, under {@code archetypes/}. The engine reads jars from files, so
 * they are copied to a temporary directory, read (whole, into memory), and the copies deleted again at once.
 */
final class EmbeddedArchetypes {
    private static final String DIRECTORY = "archetypes";

    static Scaffolder load() {
        Path codeSource;
        try {
            codeSource = Path.of(EmbeddedArchetypes.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the portal's own jar", e);
        }
        if (Files.isDirectory(codeSource)) { // classes on disk, as in the build's own tests
            return Scaffolder.fromJars(List.of(codeSource.resolve(DIRECTORY)));
        }
        Path copies = null;
        try (FileSystem jar = FileSystems.newFileSystem(codeSource)) {
            copies = Files.createTempDirectory("rustkit-portal-archetypes");
            try (Stream<Path> jars = Files.list(jar.getPath(DIRECTORY))) {
                for (Path embedded : jars.filter(p -> p.getFileName().toString().endsWith(".jar")).toList()) {
                    Files.copy(embedded, copies.resolve(embedded.getFileName().toString()));
                }
            }
            return Scaffolder.fromJars(List.of(copies));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the archetypes built into " + codeSource, e);
        } finally {
            delete(copies);
        }
    }

    private static void delete(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }

    private EmbeddedArchetypes() {}
}
